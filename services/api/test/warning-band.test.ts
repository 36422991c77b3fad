import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../test/support/api-harness.js';

/** Pre-alarm bands (issue #17): stored when inside the range, refused in the reader's language otherwise. */
describe('warning band on profiles and storage units', () => {
  let h: Harness;
  const post = (url: string, payload: object, lang = 'en') =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      payload,
      headers: { authorization: `Bearer ${h.keys.admin}`, 'accept-language': lang },
    });
  const profile = {
    id: 'P-BAND',
    name: 'CAR-T',
    storageMode: 'refrigerated',
    maxTransportMinutes: 600,
    containerTypes: ['passive_2_8_box'],
    maxGapMinutes: 5,
  };
  const unit = {
    id: 'U-BAND',
    name: 'Fridge',
    storageMode: 'refrigerated',
    alarmDelayMinutes: 5,
    deviceIds: ['S-BAND'],
    site: 'Cell lab',
  };

  beforeAll(async () => {
    h = await startHarness('pglite');
    await post('/devices', {
      id: 'S-BAND',
      kind: 'storage_sensor',
      loggingIntervalS: 60,
      calibrationValidUntil: '2030-01-01T00:00:00Z',
    });
  });
  afterAll(() => h.close());

  it('keeps a band inside the range (limits inclusive) and returns it', async () => {
    const ok = await post('/profiles', { ...profile, warnMinC: 2, warnMaxC: 7 });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ warnMinC: 2, warnMaxC: 7 });
    const u = await post('/storage-units', { ...unit, warnMaxC: 6.5 });
    expect(u.statusCode).toBe(201);
    expect(u.json()).toMatchObject({ warnMaxC: 6.5 });
  });

  it('refuses a band outside the range, or upside down, with a stable code in both languages', async () => {
    const out = await post('/profiles', { ...profile, id: 'P-BAD', warnMaxC: 8.5 });
    expect(out.statusCode).toBe(400);
    expect(out.json()).toMatchObject({ code: 'CT_WARNING_BAND_INVALID' });
    expect(out.json().message).toContain('warnMaxC 8.5');
    const zh = await post('/storage-units', { ...unit, id: 'U-BAD', warnMinC: 6, warnMaxC: 5 }, 'zh-CN');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().code).toBe('CT_WARNING_BAND_INVALID');
    expect(zh.json().localizedMessage).toContain('预警区间无效');
  });
});
