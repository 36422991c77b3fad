import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';

/**
 * Requests whose values the schemas let through but the records store cannot hold (text with NUL or
 * an unpaired surrogate, a storage limit beyond any date) and over-long path ids: each is a 400
 * CT_VALIDATION saying what to fix, never a 500 or a framework code.
 */
describe.each(['postgres', 'pglite'] as const)('values the store cannot hold, on %s', (driver) => {
  let h: Harness;
  const post = (url: string, rawJson: string) =>
    h.app.inject({
      method: 'POST',
      url,
      payload: rawJson,
      headers: { authorization: `Bearer ${h.keys.admin}`, 'content-type': 'application/json' },
    });
  const profileJson = (name: string) =>
    `{"id":"P-${Math.random().toString(36).slice(2, 8)}","name":"${name}","storageMode":"refrigerated",` +
    `"maxTransportMinutes":60,"containerTypes":["passive_2_8_box"],"maxGapMinutes":10}`;

  beforeAll(async () => {
    h = await startHarness(driver);
    await post(
      '/api/v1/devices',
      JSON.stringify({
        id: 'S1',
        kind: 'storage_sensor',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      }),
    );
    const unit = {
      id: 'U1',
      name: 'fridge',
      storageMode: 'refrigerated',
      alarmDelayMinutes: 5,
      deviceIds: ['S1'],
      site: 'lab',
    };
    expect((await post('/api/v1/storage-units', JSON.stringify(unit))).statusCode).toBe(201);
  });
  afterAll(() => h.close());

  it('a NUL character in text: 400 CT_VALIDATION naming the field', async () => {
    const res = await post('/api/v1/profiles', profileJson('MSC\\u0000 2-8'));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('CT_VALIDATION');
    expect(body.issues).toEqual([expect.objectContaining({ in: 'body', path: 'name' })]);
    expect(body.message).toMatch(/NUL/);
  });

  it('an unpaired UTF-16 surrogate in text: 400 CT_VALIDATION naming the field', async () => {
    for (const bad of ['\\ud800', 'x\\udfffy', '\\ud83d']) {
      const res = await post('/api/v1/profiles', profileJson(bad));
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('CT_VALIDATION');
      expect(res.json().issues).toEqual([expect.objectContaining({ path: 'name' })]);
      expect(res.json().message).toMatch(/surrogate/);
    }
    // a paired surrogate (an emoji) is ordinary text
    expect((await post('/api/v1/profiles', profileJson('MSC \\ud83d\\ude00'))).statusCode).toBe(201);
  });

  it('a storage limit beyond any date: 400 CT_VALIDATION, not a 500', async () => {
    for (const days of ['1e+21', '1e8', '5e7']) {
      const res = await post(
        '/api/v1/storage-units/U1/items',
        `{"id":"I-${days.replace(/\W/g, '')}","product":"MSC","storageLimitDays":${days}}`,
      );
      expect(res.statusCode, days).toBeLessThan(500);
      if (res.statusCode !== 201) expect(res.json().code).toBe('CT_VALIDATION');
    }
    const res = await post(
      '/api/v1/storage-units/U1/items',
      '{"id":"I-BIG","product":"MSC","storageLimitDays":1e+21}',
    );
    // the contract holds a storage limit to 100 years; the reply names the field to fix
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CT_VALIDATION');
    expect(JSON.stringify(res.json())).toContain('storageLimitDays');
  });

  it('a path id over 100 characters reaches the id schema: 400 CT_VALIDATION on params.id', async () => {
    for (const len of [101, 500, 3000]) {
      const res = await h.app.inject({
        method: 'GET',
        url: `/api/v1/shipments/${'a'.repeat(len)}`,
        headers: { authorization: `Bearer ${h.keys.admin}` },
      });
      expect(res.statusCode, String(len)).toBe(400);
      const body = res.json();
      expect(body.code).toBe('CT_VALIDATION');
      expect(body.requestId).toEqual(expect.any(String));
      if (len < 1000) expect(body.issues).toEqual([expect.objectContaining({ in: 'params', path: 'id' })]);
    }
    // a path that cannot be decoded: the same error shape, not the router's FST_ERR_BAD_URL
    const bad = await h.app.inject({
      method: 'GET',
      url: '/api/v1/shipments/%E0%A4%A',
      headers: { authorization: `Bearer ${h.keys.admin}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'CT_VALIDATION',
      message: expect.stringMatching(/not a valid URL/),
    });
  });
});
