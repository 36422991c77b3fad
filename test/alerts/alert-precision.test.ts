import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type ScenarioResult } from '../../firmware-sim/runner.js';
import { scenarios } from '../../firmware-sim/scenarios/index.js';
import { waitUntil } from '../support/ports.js';
import { TestSmtp } from '../support/smtp.js';
import { startTestSystem, TEST_ADMIN_KEY, type TestSystem } from '../support/system.js';

/**
 * Alert precision: the simulator's whole scenario library replayed through the real system
 * (gateway over MQTT, rules worker, records in PostgreSQL, readings in InfluxDB, mails over SMTP).
 * Every scenario raises exactly the alerts its story calls for, nothing more: loggers that stop at
 * the end of their trip, go offline after the receipt or are received at all raise nothing.
 */
type Alert = {
  kind: string;
  severity: string;
  state: string;
  shipmentId?: string;
  storageUnitId?: string;
  deviceId?: string;
  happenedAt?: string;
  endedAt?: string;
  details?: unknown;
};

/** scenario id -> the alerts it must raise, as `KIND/severity` (sorted) */
const EXPECTED: Record<string, string[]> = {
  'ln2-nominal': [],
  excursion: ['TEMP_EXCURSION/critical'],
  'logger-gap': ['RECORD_GAP/major'],
  'delayed-arrival': ['DELAYED/minor'],
  'lid-opened': ['EXPOSURE/major'],
  'ln2-exhausted': ['COOLANT_LOW/critical', 'TEMP_EXCURSION/critical'],
  'wrong-container': [],
  'freezer-door-open': ['STORAGE_OUT_OF_RANGE/critical'],
  'ln2-tank-autofill-failure': ['COOLANT_LOW/critical'],
};

let smtp: TestSmtp;
let sys: TestSystem;
const results = new Map<string, ScenarioResult>();

beforeAll(async () => {
  smtp = await TestSmtp.start();
  sys = await startTestSystem({
    smtpUrl: smtp.url,
    env: { COLDTRACE_SITE_ALERT_EMAIL: 'site-qa@clinic.example' },
  });
  const settled = await Promise.all(
    scenarios.map((s) =>
      runScenario(s, { apiUrl: sys.httpUrl, apiKey: TEST_ADMIN_KEY, mqttUrl: sys.mqttUrl, realSeconds: 3 }),
    ),
  );
  for (const r of settled) results.set(r.scenarioId, r);
  // every status (`offline` at the clean stop), reading and receipt has reached the rules worker
  await sys.system.rules!.tick();
  await sys.system.rules!.flush();
}, 180_000);

afterAll(async () => {
  await sys?.stop();
  await smtp?.stop();
});

const alertsOf = (list: Alert[], r: ScenarioResult) =>
  list
    .filter(
      (a) =>
        (r.ids.shipmentId !== undefined && a.shipmentId === r.ids.shipmentId) ||
        (r.ids.storageUnitId !== undefined && a.storageUnitId === r.ids.storageUnitId) ||
        (a.deviceId !== undefined && r.ids.deviceIds.includes(a.deviceId)),
    )
    .map((a) => `${a.kind}/${a.severity}`)
    .sort();

describe('the scenario library raises exactly the alerts its stories call for', () => {
  it('covers every scenario of the library', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(scenarios.map((s) => s.id).sort());
  });

  it.each(scenarios.map((s) => s.id))('%s', async (id) => {
    const r = results.get(id)!;
    expect(r.check?.ok, JSON.stringify(r.check)).toBe(true);
    const res = await sys.api('GET', '/api/v1/alerts?limit=1000');
    expect(res.status).toBe(200);
    const list = res.json as Alert[];
    expect(
      alertsOf(list, r),
      JSON.stringify(
        list
          .filter((a) => alertsOf([a], r).length > 0)
          .map(({ kind, state, happenedAt, endedAt, details }) => ({
            kind,
            state,
            happenedAt,
            endedAt,
            details,
          })),
      ),
    ).toEqual(EXPECTED[id]);
  });

  it('no alert belongs to nothing the library ran, and every alert was mailed', {
    timeout: 60_000,
  }, async () => {
    const list = (await sys.api('GET', '/api/v1/alerts?limit=1000')).json as Alert[];
    const mine = [...results.values()].flatMap((r) => alertsOf(list, r));
    expect(list).toHaveLength(mine.length);
    expect(list.length).toBe(Object.values(EXPECTED).flat().length);
    // each scenario with alerts got its mails, the others none
    const subjects = () => smtp.mails.map((m) => m.parsed.subject ?? '');
    const mailsOf = (r: ScenarioResult) => {
      const ref = `[${r.ids.shipmentId ?? r.ids.storageUnitId ?? ''}]`;
      return subjects().filter((s) => s.includes(ref) && /\[(ALERT|RESOLVED)\]/.test(s));
    };
    for (const r of results.values()) {
      if (EXPECTED[r.scenarioId]!.length === 0) continue;
      await waitUntil(() => mailsOf(r).length > 0, 30_000, `alert mails of ${r.scenarioId}`).catch((e) => {
        throw new Error(`${e}; subjects: ${subjects().join('\n')}`);
      });
    }
    for (const r of results.values()) {
      if (EXPECTED[r.scenarioId]!.length === 0) expect(mailsOf(r), r.scenarioId).toEqual([]);
    }
  });
});
