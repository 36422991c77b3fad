import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApi } from '../services/api/app.js';
import { loadConfig } from '../services/config/config.js';
import { createLogger } from '../services/config/log.js';
import { dispatchedShipment, type Harness, MIN, startHarness } from './support/rules-harness.js';

const ADMIN_KEY = 'logger-file-rules-admin-key';
const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;

let h: Harness;
let api: FastifyInstance;
beforeEach(async () => {
  h = await startHarness();
  h.clock.nowMs = Date.now();
  await h.records.apiKeys.ensureBootstrapAdmin(ADMIN_KEY);
  api = await buildApi({
    config: loadConfig({ COLDTRACE_ADMIN_KEY: ADMIN_KEY, COLDTRACE_LOG_LEVEL: 'silent' }),
    logger: createLogger('silent'),
    records: h.records,
    readings: h.readings,
    rateLimitPerMinute: false,
    webPages: false,
  });
});
afterEach(async () => {
  await api?.close();
  await h.close();
});

/** A logger's CSV export in UTC, one reading a minute from t0 to a minute ago, 10.5 °C for 15 min. */
function loggerCsv(): string {
  const lines = ['timestamp,temperature'];
  for (let ms = t0; ms <= h.clock.nowMs - MIN; ms += MIN) {
    const out = ms >= t0 + 60 * MIN && ms < t0 + 75 * MIN;
    lines.push(`${new Date(ms).toISOString()},${out ? 10.5 : 5}`);
  }
  return `${lines.join('\n')}\n`;
}

const upload = (shipmentId: string, csv: string) =>
  api.inject({
    method: 'POST',
    url: `/api/v1/shipments/${shipmentId}/logger-files`,
    payload: csv,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'text/csv' },
  });

describe('logger files reach the live rules (issue 19)', () => {
  it("an uploaded file's excursion raises the live alert and its mail, marked late, once", async () => {
    await dispatchedShipment(h, 'SHP-FILE', { dispatchedAtMs: t0 });
    const w = await h.startWorker();
    await w.tick();
    const res = await upload('SHP-FILE', loggerCsv());
    expect(res.statusCode).toBe(201);
    // the worker follows the records store (as it follows dispatches): the next refresh finds it
    await w.tick();
    await w.flush();
    const [mail] = await h.smtp.waitForMails(1);
    expect(mail?.parsed.subject).toMatch(/\[SHP-FILE\] TEMP_OUT_OF_RANGE/);
    const alerts = await h.records.alerts.list({ shipmentId: 'SHP-FILE' });
    const excursions = alerts.filter((a) => a.kind === 'TEMP_EXCURSION');
    expect(excursions).toHaveLength(1);
    expect(excursions[0]).toMatchObject({ late: true });
    // a restarted worker reads the same record back: the same episode, no second alert
    await w.close();
    const again = await h.startWorker();
    await again.tick();
    await again.flush();
    const after = await h.records.alerts.list({ shipmentId: 'SHP-FILE' });
    expect(after.filter((a) => a.kind === 'TEMP_EXCURSION')).toHaveLength(1);
  });
});
