import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../services/api/app.js';
import { loadConfig } from '../../services/config/config.js';
import { createLogger } from '../../services/config/log.js';
import type { Device, Profile, Shipment, Verdict } from '../../services/domain/contract.js';
import { auditHash } from '../../services/store/audit/audit-trail.js';
import { openReadingsStore } from '../../services/store/readings/readings-store.js';
import { openRecordsStore, type RecordsStore, sqlDbOf } from '../../services/store/sql/records-store.js';
import { testInflux } from '../support/influx.js';
import { testPostgres } from '../support/postgres.js';

const run = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');
const cli = path.resolve('cli/coldtrace.ts');
const ADMIN = 'tamper-admin-key-0123456789abcdef';
const AUDIT_KEY = 'tamper-test-audit-key-kept-outside-the-database';
const actor = { id: 'k_test', name: 'tester' };

const profile: Profile = {
  id: 'msc-2-8',
  name: 'MSC 2-8 °C',
  storageMode: 'refrigerated',
  maxTransportMinutes: 1440,
  containerTypes: ['passive_2_8_box'],
  maxGapMinutes: 10,
};
const device: Device = {
  id: 'L1',
  kind: 'shipper_logger',
  loggingIntervalS: 60,
  calibrationValidUntil: '2030-01-01T00:00:00Z',
};
const shipment = (id: string): Shipment => ({
  id,
  profileId: profile.id,
  product: { name: 'MSC', cellType: 'MSC', batch: `B-${id}`, quantity: 1 },
  containerType: 'passive_2_8_box',
  deviceIds: ['L1'],
  manufacturer: { name: 'Maker', qaEmail: 'qa@maker.example' },
  origin: 'Plant',
  destination: 'Clinic',
});
const deviation: Verdict = {
  shipmentId: 'S-DEV',
  status: 'deviation',
  final: true,
  window: { from: '2026-11-20T00:00:00.000Z', to: '2026-11-20T06:00:00.000Z' },
  findings: [
    {
      code: 'TEMP_OUT_OF_RANGE',
      clause: '7.7, 8.1.5',
      severity: 'critical',
      message: '12 °C',
      deviceId: 'L1',
    },
  ],
  checks: [],
  stats: {},
  evaluatedAt: '2026-11-20T06:00:00.000Z',
};

/** A small installation's records: a profile, a logger, two shipments, one received with a deviation. */
async function populate(store: RecordsStore): Promise<void> {
  await store.profiles.save(profile, actor);
  await store.devices.create(device, 'hash-L1', actor);
  await store.shipments.create(shipment('S-DEV'), actor);
  await store.shipments.dispatch('S-DEV', Date.parse('2026-11-20T00:00:00.000Z'), actor);
  await store.shipments.recordReceipt(
    'S-DEV',
    {
      receipt: {
        receivedAt: '2026-11-20T06:00:00.000Z',
        receiverName: 'Li Wei',
        checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
      },
      verdict: deviation,
      readingsDigest: 'ab'.repeat(32),
      readingsCount: 360,
      eventsDigest: 'e'.repeat(64),
      eventsCount: 0,
    },
    actor,
  );
  await store.shipments.create(shipment('S-2'), actor);
  await store.shipments.dispatch('S-2', Date.parse('2026-11-21T00:00:00.000Z'), actor);
}

type Tamper = { name: string; sql: (store: RecordsStore) => Promise<void>; expected: object[] };

const withoutTriggers = (table: string, sql: string) =>
  `ALTER TABLE ${table} DISABLE TRIGGER USER; ${sql}; ALTER TABLE ${table} ENABLE TRIGGER USER;`;

/** The four attacks of issue 12, each by someone with write access to the records store. */
const tampers = (headSeq: number): Tamper[] => [
  {
    name: 'an audit row edited',
    sql: (s) =>
      sqlDbOf(s).exec(withoutTriggers('audit_trail', "UPDATE audit_trail SET reason = 'none' WHERE seq = 3")),
    expected: [{ kind: 'edited', table: 'audit_trail', rowId: '3' }],
  },
  {
    name: 'an audit row edited and the plain hashes recomputed (re-chained)',
    sql: async (s) => {
      const db = sqlDbOf(s);
      const rows = await db.query<Record<string, string | null>>(
        'SELECT * FROM audit_trail WHERE seq >= 3 ORDER BY seq',
      );
      let prevHash = (await db.query<{ hash: string }>('SELECT hash FROM audit_trail WHERE seq = 2'))[0]!
        .hash;
      const updates: string[] = [];
      for (const r of rows) {
        const at = new Date(r.at as unknown as Date).toISOString();
        const reason = Number(r.seq) === 3 ? 'none' : r.reason;
        const hash = auditHash({
          seq: Number(r.seq),
          at,
          actorId: r.actor_id!,
          actorName: r.actor_name!,
          action: r.action!,
          entity: r.entity!,
          entityId: r.entity_id!,
          reason: reason ?? null,
          oldValue: r.old_value ?? null,
          newValue: r.new_value ?? null,
          prevHash,
        });
        const q = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
        updates.push(
          `UPDATE audit_trail SET reason = ${q(reason ?? null)}, prev_hash = '${prevHash}', hash = '${hash}' WHERE seq = ${r.seq}`,
        );
        prevHash = hash;
      }
      await db.exec(withoutTriggers('audit_trail', updates.join('; ')));
    },
    expected: [{ kind: 'rechained', table: 'audit_trail', rowId: `3-${headSeq}` }],
  },
  {
    name: "the chain's tail deleted",
    sql: (s) =>
      sqlDbOf(s).exec(withoutTriggers('audit_trail', `DELETE FROM audit_trail WHERE seq > ${headSeq - 2}`)),
    expected: [{ kind: 'truncated', table: 'audit_trail', rowId: `${headSeq - 1}-${headSeq}` }],
  },
  {
    name: "a receipt's verdict flipped from deviation to pass",
    sql: (s) =>
      sqlDbOf(s).exec(
        `${withoutTriggers(
          'receipts',
          `UPDATE receipts SET verdict_status = 'pass', verdict = jsonb_set(verdict, '{status}', '"pass"') WHERE shipment_id = 'S-DEV'`,
        )} UPDATE shipments SET status = 'accepted' WHERE id = 'S-DEV';`,
      ),
    expected: [
      { kind: 'edited', table: 'receipts', rowId: 'S-DEV' },
      { kind: 'edited', table: 'shipments', rowId: 'S-DEV' },
    ],
  },
  {
    name: "a receipt's events digest cleared, as if it predated the signing of events",
    sql: (s) =>
      sqlDbOf(s).exec(
        withoutTriggers(
          'receipts',
          `UPDATE receipts SET events_digest = NULL, events_count = NULL WHERE shipment_id = 'S-DEV'`,
        ),
      ),
    expected: [{ kind: 'edited', table: 'receipts', rowId: 'S-DEV' }],
  },
];

async function coldtrace(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, [cli, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface Installation {
  env: Record<string, string>;
  open(): Promise<RecordsStore>;
}

/**
 * Issue 12 (21 CFR 11.10(e), Annex 11 §9): a keyed, anchored audit chain. Each attack is made on
 * its own copy of the records, then named by `GET /api/v1/audit/verify` (the server running) and
 * by `coldtrace audit verify` (the store at rest), with the same JSON.
 */
describe.each(['pglite', 'postgres'] as const)('audit tamper test on %s', (driver) => {
  let root: string;
  let influx: Awaited<ReturnType<typeof testInflux>>;
  let headSeq = 0;
  const drops: (() => Promise<void>)[] = [];
  let pristine: string;

  /** a fresh populated installation (PostgreSQL), or a copy of the pristine one (PGlite folder) */
  async function installation(name: string): Promise<Installation> {
    const dataDir = path.join(root, name);
    let env: Record<string, string> = {
      COLDTRACE_DATA_DIR: dataDir,
      COLDTRACE_AUDIT_KEY: AUDIT_KEY,
      COLDTRACE_INFLUX_URL: influx.url,
      COLDTRACE_ADMIN_KEY: ADMIN,
      COLDTRACE_LOG_LEVEL: 'silent',
      COLDTRACE_LOCALE: 'en',
    };
    if (driver === 'pglite') {
      if (name !== 'pristine') await cp(pristine, dataDir, { recursive: true });
    } else {
      const pg = await testPostgres('tamper');
      drops.push(() => pg.drop());
      env = { ...env, COLDTRACE_DATABASE_URL: pg.url };
    }
    const open = () => openRecordsStore(loadConfig(env));
    if (driver === 'postgres' || name === 'pristine') {
      const store = await open();
      await populate(store);
      await store.auditAnchor!.anchor();
      await store.close();
    }
    return { env, open };
  }

  async function apiVerify(store: RecordsStore, env: Record<string, string>, key = ADMIN, status = 200) {
    const config = loadConfig(env);
    const logger = createLogger('silent', 'tamper-test');
    const readings = await openReadingsStore({ url: influx.url, logger });
    const app = await buildApi({ config, logger, records: store, readings });
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/audit/verify?lang=en',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.statusCode).toBe(status);
      return res.json();
    } finally {
      await app.close();
      await readings.close();
    }
  }

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), `ct-tamper-${driver}-`));
    influx = await testInflux('tamper');
    pristine = path.join(root, 'pristine');
    const first = await installation('pristine');
    const store = await first.open();
    headSeq = (await store.verifyAudit()).head!.seq;
    await store.close();
  }, 120_000);
  afterAll(async () => {
    for (const drop of drops) await drop();
    await influx?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('an untouched chain verifies, keyed and anchored, by the API and the CLI; key and anchors are 0600', {
    timeout: 120_000,
  }, async () => {
    const inst = await installation('untouched');
    const store = await inst.open();
    expect(await store.auditKeyCheck()).toBe('same');
    const body = await apiVerify(store, inst.env);
    // administrators only
    const viewer = (await store.apiKeys.issue('viewer', 'viewer', actor)).key;
    expect((await apiVerify(store, inst.env, viewer, 403)).code).toBe('CT_FORBIDDEN');
    await store.close();
    const otherKey = await openRecordsStore(
      loadConfig({ ...inst.env, COLDTRACE_AUDIT_KEY: 'another-audit-key-0123456789abcdef' }),
    );
    expect(await otherKey.auditKeyCheck()).toBe('different');
    await otherKey.close();
    expect(body).toMatchObject({ ok: true, keyed: true, problems: [], rows: headSeq });
    expect(body.anchors).toBeGreaterThanOrEqual(1);
    const cliRun = await coldtrace(inst.env, 'audit', 'verify');
    expect(cliRun.code).toBe(0);
    expect(JSON.parse(cliRun.stdout)).toMatchObject({ ok: true, keyed: true, rows: headSeq + 1 });
    const anchors = path.join(inst.env.COLDTRACE_DATA_DIR!, 'audit', 'anchors.jsonl');
    expect((await stat(anchors)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(anchors))).mode & 0o777).toBe(0o700);
    expect((await readFile(anchors, 'utf8')).trim().split('\n').length).toBeGreaterThanOrEqual(1);
  });

  it.each(tampers(0).map((t, i) => [t.name, i] as const))(
    'names %s, on the API and the CLI',
    {
      timeout: 120_000,
    },
    async (_name, i) => {
      const tamper = tampers(headSeq)[i]!;
      const inst = await installation(`attack-${i}`);
      const store = await inst.open();
      await tamper.sql(store);
      const body = await apiVerify(store, inst.env);
      await store.close();
      expect(body.ok, tamper.name).toBe(false);
      expect(body.problems, tamper.name).toEqual(
        expect.arrayContaining(tamper.expected.map((p) => expect.objectContaining(p))),
      );
      for (const p of body.problems) expect(p.message).toMatch(/\S/);
      const cliRun = await coldtrace(inst.env, 'audit', 'verify');
      expect(cliRun.code, tamper.name).toBe(1);
      const printed = JSON.parse(cliRun.stdout);
      expect(printed.problems).toEqual(body.problems);
      for (const p of tamper.expected as { kind: string; table: string; rowId: string }[]) {
        expect(cliRun.stderr).toContain(`audit ${p.table} ${p.rowId}: ${p.kind}`);
      }
    },
  );
});
