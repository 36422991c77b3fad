import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, TEST_ADMIN_KEY, type TestSystem } from '../test/support/system.js';
import { DEMO_MANUFACTURERS, DEMO_PEOPLE, DEMO_SITES, type IssuedPerson } from './demo-people.js';

const run = promisify(execFile);

/** The demo's people step, `coldtrace-sim people`, as the demo runs it against a real server. */
async function peopleCommand(apiUrl: string): Promise<IssuedPerson[]> {
  const { stdout } = await run(
    process.execPath,
    ['bin/coldtrace-sim.js', 'people', '--api', apiUrl, '--key', TEST_ADMIN_KEY, '--json'],
    { timeout: 60_000 },
  );
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as IssuedPerson);
}

/** Who should see which shipment: [id, destination site, manufacturer]. */
const SHIPMENTS = [
  ['SH-SH-DEMO', DEMO_SITES[0], DEMO_MANUFACTURERS[0]],
  ['SH-HZ-SECOND', DEMO_SITES[1], DEMO_MANUFACTURERS[1]],
  ['SH-SH-SECOND', DEMO_SITES[0], DEMO_MANUFACTURERS[1]],
] as const;
const SEES: Record<string, string[]> = {
  'recv.sh': ['SH-SH-DEMO', 'SH-SH-SECOND'],
  'verif.sh': ['SH-SH-DEMO', 'SH-SH-SECOND'],
  'recv.hz': ['SH-HZ-SECOND'],
  'verif.hz': ['SH-HZ-SECOND'],
  'qa.democell': ['SH-SH-DEMO'],
  'qa.second': ['SH-HZ-SECOND', 'SH-SH-SECOND'],
  'admin.demo': ['SH-HZ-SECOND', 'SH-SH-DEMO', 'SH-SH-SECOND'],
};

describe("the demo's people", () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem();
    const profile = {
      id: 'demo-fridge',
      name: 'MSC 2-8 °C',
      storageMode: 'refrigerated',
      maxTransportMinutes: 2880,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 30,
    };
    expect((await sys.api('POST', '/api/v1/profiles', profile)).status).toBe(201);
    for (const [id, site, maker] of SHIPMENTS) {
      await sys.registerLogger(`L-${id}`);
      const created = await sys.api('POST', '/api/v1/shipments', {
        id,
        profileId: profile.id,
        product: { name: `MSC of ${maker}`, cellType: 'MSC', batch: `B-${id}`, quantity: 1 },
        containerType: 'passive_2_8_box',
        deviceIds: [`L-${id}`],
        manufacturer: { name: maker, qaEmail: 'qa@example.com' },
        manufacturerOrg: maker,
        origin: 'plant',
        destination: site,
        destinationSite: site,
      });
      expect(created.status, created.text).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await sys?.stop();
  });

  async function signIn(login: string, password: string) {
    const res = await fetch(`${sys.httpUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    return {
      status: res.status,
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
      body: await res.json(),
    };
  }
  async function shipmentIdsOf(cookie: string): Promise<string[]> {
    const res = await fetch(`${sys.httpUrl}/api/v1/shipments`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }[]).map((s) => s.id).sort();
  }

  it('creates each person; each signs in with the printed password and sees only their scope', async () => {
    const issued = await peopleCommand(sys.httpUrl);
    expect(issued.map((p) => p.login)).toEqual(DEMO_PEOPLE.map((p) => p.login));
    // a receiver and a verifier for each site, a QA for each manufacturer, an administrator
    for (const site of DEMO_SITES)
      expect(issued.filter((p) => p.scope.site === site && p.roles.includes('receiver'))).toHaveLength(2);
    for (const maker of DEMO_MANUFACTURERS)
      expect(issued.filter((p) => p.scope.organisation === maker && p.roles.includes('qa'))).toHaveLength(1);
    expect(
      issued.filter((p) => p.roles.includes('admin') && !p.scope.site && !p.scope.organisation),
    ).toHaveLength(1);
    for (const person of issued) {
      expect(person.password.length).toBeGreaterThanOrEqual(12);
      const session = await signIn(person.login, person.password);
      expect(session.status, JSON.stringify(session.body)).toBe(200);
      // ready to sign: no password change first
      expect(session.body).toMatchObject({
        login: person.login,
        mustChangePassword: false,
        scope: person.scope,
      });
      expect(await shipmentIdsOf(session.cookie), person.login).toEqual(SEES[person.login]);
    }
  }, 120_000);

  it('started again on the same data, it gives every person a new password and the old one stops working', async () => {
    const first = await peopleCommand(sys.httpUrl);
    const again = await peopleCommand(sys.httpUrl);
    expect(again.every((p) => p.reset)).toBe(true);
    for (const [i, person] of again.entries()) {
      expect(person.password).not.toBe(first[i]!.password);
      expect((await signIn(person.login, first[i]!.password)).status).toBe(401);
      expect((await signIn(person.login, person.password)).status).toBe(200);
    }
  }, 180_000);

  it('the shipments the demo leaves in transit go to each site from each manufacturer: each person sees theirs', async () => {
    const issued = await peopleCommand(sys.httpUrl);
    const leave = async (scenario: string, place: string[]) => {
      const { stdout } = await run(
        process.execPath,
        [
          'bin/coldtrace-sim.js',
          'run',
          scenario,
          '--seconds',
          '2',
          '--leave-in-transit',
          '--json',
          ...place,
          '--api',
          sys.httpUrl,
          '--key',
          TEST_ADMIN_KEY,
          '--mqtt',
          sys.mqttUrl,
        ],
        { timeout: 90_000 },
      );
      return (JSON.parse(stdout.trim()) as { ids: { shipmentId: string } }).ids.shipmentId;
    };
    // as scripts/demo.sh does it
    const shanghai = await leave('ln2-nominal', []);
    const hangzhou = await leave('excursion', [
      '--site',
      DEMO_SITES[1],
      '--manufacturer',
      DEMO_MANUFACTURERS[1],
    ]);
    const sees = async (login: string) => {
      const p = issued.find((x) => x.login === login)!;
      return shipmentIdsOf((await signIn(login, p.password)).cookie);
    };
    for (const [login, own, other] of [
      ['recv.sh', shanghai, hangzhou],
      ['verif.hz', hangzhou, shanghai],
      ['qa.democell', shanghai, hangzhou],
      ['qa.second', hangzhou, shanghai],
    ] as const) {
      const ids = await sees(login);
      expect(ids, login).toContain(own);
      expect(ids, login).not.toContain(other);
    }
    expect(await sees('admin.demo')).toEqual(expect.arrayContaining([shanghai, hangzhou]));
  }, 240_000);
});
