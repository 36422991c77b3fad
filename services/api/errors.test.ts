import { describe, expect, it } from 'vitest';
import { hasMessage, t } from '../domain/messages/catalog.js';
import { AlertErrors } from '../store/sql/alert-errors.js';
import { StoreErrors } from '../store/sql/errors.js';
import { ApiErrors } from './errors.js';

const all = { ...ApiErrors, ...StoreErrors, ...AlertErrors };

describe('error catalogue', () => {
  it('gives every error the API can answer a stable CT_ code and a text in zh-CN and en', () => {
    const codes = new Set<string>();
    for (const [name, Ctor] of Object.entries(all)) {
      const E = Ctor as unknown as new (...args: string[]) => { code: string; statusCode?: number };
      const err = new E('x', 'y');
      expect(err.code, name).toMatch(/^CT_[A-Z_]+$/);
      expect(err.statusCode, name).toBeGreaterThanOrEqual(400);
      expect(hasMessage(`error.${err.code}`), err.code).toBe(true);
      expect(t('zh-CN', `error.${err.code}`)).not.toBe(t('en', `error.${err.code}`));
      codes.add(err.code);
    }
    expect(codes.size).toBe(Object.keys(all).length);
  });
});
