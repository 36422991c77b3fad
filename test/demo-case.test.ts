import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from './support/broker.js';
import { waitUntil } from './support/ports.js';
import { startTestSystem, TEST_ADMIN_KEY, type TestSystem } from './support/system.js';

const run = promisify(execFile);
const MIN = 60_000;

// The demo's last step (scripts/demo.sh -> scripts/demo-case.ts) against the real system: a
// shipment as the simulator registers it (no organisation or site fields: the manufacturer's name
// and the destination text are its scope) is received with a deviation; the script leaves its case
// assessed and prints how the manufacturer's QA signs in, and that sign-in sees the case.
describe("the demo's deviation case", () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startTestSystem({ records: 'pglite' });
    const profile = {
      id: 'demo-2-8',
      name: 'CAR-T fresh',
      storageMode: 'refrigerated',
      maxTransportMinutes: 24 * 60,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    };
    expect((await sys.api('POST', '/api/v1/profiles', profile)).status).toBe(201);
    const secret = await sys.registerLogger('DEMO-L1');
    const shipment = {
      id: 'SH-DEMO-1',
      profileId: profile.id,
      product: { name: 'CAR-T', cellType: 'T cell', batch: 'B-DEMO', quantity: 1 },
      containerType: 'passive_2_8_box',
      deviceIds: ['DEMO-L1'],
      manufacturer: { name: 'Demo Cell Therapeutics', qaEmail: 'qa@example.com' },
      origin: 'Suzhou',
      destination: 'Shanghai Ruijin Hospital cell therapy unit',
    };
    expect((await sys.api('POST', '/api/v1/shipments', shipment)).status).toBe(201);
    const dispatchMs = Date.now() - 20 * MIN;
    await sys.api('POST', '/api/v1/shipments/SH-DEMO-1/dispatch', { at: new Date(dispatchMs).toISOString() });
    const client = await connectClient(sys.mqttUrl, {
      username: 'DEMO-L1',
      password: secret,
      clientId: 'DEMO-L1',
    });
    const backlog = Array.from({ length: 19 }, (_, i) => ({ ts: dispatchMs + i * MIN, seq: i, temp_c: 11 }));
    await client.publishAsync('coldtrace/v1/devices/DEMO-L1/readings', JSON.stringify(backlog), { qos: 1 });
    await client.endAsync();
    await waitUntil(
      async () => {
        const from = new Date(dispatchMs - MIN).toISOString();
        const res = await sys.api(
          'GET',
          `/api/v1/devices/DEMO-L1/readings?from=${from}&to=${new Date().toISOString()}`,
        );
        return (res.json as { readings: unknown[] }).readings.length === 19 ? true : undefined;
      },
      15_000,
      'the backlog in InfluxDB',
    );
    const checks = {
      labelOk: true,
      packagingOk: true,
      appearanceOk: true,
      documentsOk: true,
      quantityOk: true,
    };
    expect(
      (await sys.api('POST', '/api/v1/shipments/SH-DEMO-1/receipt', { receiverName: 'Zhang', checks }))
        .status,
    ).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await sys?.stop();
  });

  it('leaves the case assessed and prints a sign-in that sees it; a second run changes nothing', async () => {
    const { stdout } = await run('node_modules/.bin/tsx', [
      'scripts/demo-case.ts',
      sys.httpUrl,
      TEST_ADMIN_KEY,
    ]);
    const [c] = (await sys.api('GET', '/api/v1/cases?open=true')).json as { id: string; state: string }[];
    expect(c!.state).toBe('assessed');
    expect(stdout).toContain(`/case?id=${c!.id}`);
    const login = /login (demo\.maker\.qa)\s+password "([^"]+)"/.exec(stdout);
    expect(login).not.toBeNull();
    const res = await fetch(`${sys.httpUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: login![1], password: login![2] }),
    });
    expect(res.status).toBe(200);
    const cookie = String(res.headers.get('set-cookie')).split(';')[0]!;
    const seen = await fetch(`${sys.httpUrl}/api/v1/cases/${c!.id}`, { headers: { cookie } });
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { organisation: string }).organisation).toBe('Demo Cell Therapeutics');
    const again = await run('node_modules/.bin/tsx', ['scripts/demo-case.ts', sys.httpUrl, TEST_ADMIN_KEY]);
    expect(again.stdout).toContain(c!.id);
    const steps = ((await sys.api('GET', `/api/v1/cases/${c!.id}`)).json as { steps: unknown[] }).steps;
    expect(steps).toHaveLength(1);
  });
});
