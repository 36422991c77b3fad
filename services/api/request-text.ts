import type { FastifyRequest } from 'fastify';
import { invalidRequest, type RequestIssue } from './errors.js';

/** An unpaired UTF-16 surrogate: a high one not followed by a low one, or a low one on its own. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_ISSUES = 20;
const MAX_DEPTH = 32;

/**
 * Why a text cannot be stored, or undefined. PostgreSQL text and jsonb hold neither NUL nor an
 * unpaired surrogate (JSON allows both as escapes), so the request is refused before any write.
 */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000); remove it';
  if (LONE_SURROGATE.test(text)) {
    return 'contains an unpaired UTF-16 surrogate (e.g. \\ud800 alone); send well-formed Unicode text';
  }
  return undefined;
}

function collect(value: unknown, path: string[], where: string, out: RequestIssue[], depth: number): void {
  if (out.length >= MAX_ISSUES || depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    const why = unstorableText(value);
    if (why) out.push({ in: where, path: path.join('.'), message: why });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    const keyWhy = unstorableText(key);
    if (keyWhy)
      out.push({ in: where, path: [...path, JSON.stringify(key)].join('.'), message: `key ${keyWhy}` });
    collect(item, [...path, key], where, out, depth + 1);
  }
}

/** Each text in the body or query string that cannot be stored, with where it is. */
export function unstorableTextIssues(parts: { body?: unknown; query?: unknown }): RequestIssue[] {
  const out: RequestIssue[] = [];
  collect(parts.body, [], 'body', out, 0);
  collect(parts.query, [], 'querystring', out, 0);
  return out;
}

/** preValidation hook: refuses a request carrying text the store cannot hold (400 CT_VALIDATION). */
export async function refuseUnstorableText(req: FastifyRequest): Promise<void> {
  const issues = unstorableTextIssues({ body: req.body, query: req.query });
  if (issues.length > 0) throw invalidRequest(issues);
}
