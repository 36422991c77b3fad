import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from './support/broker.js';
import { waitUntil } from './support/ports.js';
import type { ReceivedMail } from './support/smtp.js';
import { TestSmtp } from './support/smtp.js';
import { startTestSystem, type TestSystem } from './support/system.js';

/**
 * The deviation loop end to end (issue 15; 8.1.5, 8.1.6, 10.14) through `coldtrace start`: loggers
 * publish over MQTT, a deviating receipt opens a case and mails the manufacturer's QA (English) a
 * link; the QA signs in under the manufacturer's scope and advises; the clinic's QA (Chinese) has
 * assessed and releases; the second shipment is rejected and destroyed. States, the mails (who
 * got what, in which language) and the audit chain are asserted; another manufacturer's QA gets 404.
 */
const MIN = 60_000;
const SITE_MAILBOX = 'quality@hospital-a.example';
const MAKER_QA = 'qa@cellco.example';

interface Session {
  cookie: string;
  csrf: string;
}

describe.each([['postgres'], ['pglite']] as const)('the deviation loop on %s', (records) => {
  let sys: TestSystem;
  let smtp: TestSmtp;
  const caseOf: Record<string, string> = {};
  const people: Record<string, { session: Session; signature: { login: string; password: string } }> = {};

  async function asPerson(s: Session, method: string, path: string, body?: unknown) {
    const res = await fetch(`${sys.httpUrl}${path}`, {
      method,
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
  }

  /** An account made by the administrator, taken up with its invitation, signed in. */
  async function person(
    login: string,
    scope: { organisation?: string; site?: string },
    locale: 'zh-CN' | 'en',
  ) {
    const password = `a long pass phrase ${login.length} for the test`;
    const created = await sys.api('POST', '/api/v1/users', {
      login,
      printedName: login === 'li.na' ? '李娜 Li Na' : `${login} QA`,
      email: `${login}@people.example`,
      locale,
      roles: ['qa'],
      scope,
    });
    expect(created.status, created.text).toBe(201);
    const invitation = (created.json as { invitation: string }).invitation;
    const activated = await fetch(`${sys.httpUrl}/api/v1/users/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, invitation, password }),
    });
    expect(activated.status).toBe(200);
    const res = await fetch(`${sys.httpUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    expect(res.status).toBe(200);
    const session = {
      cookie: String(res.headers.get('set-cookie')).split(';')[0]!,
      csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
    };
    people[login] = { session, signature: { login, password } };
  }

  const subjectOf = (m: ReceivedMail) => m.parsed.subject ?? '';
  const mailsFor = (caseId: string, to: string) =>
    smtp.mails.filter((m) => subjectOf(m).includes(`[${caseId}]`) && m.envelopeTo.includes(to));

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    sys = await startTestSystem({
      records,
      smtpUrl: smtp.url,
      env: { COLDTRACE_SITE_ALERT_EMAIL: SITE_MAILBOX, COLDTRACE_LOCALE: 'zh-CN' },
    });
    const profile = {
      id: 'car-t-2-8',
      name: 'CAR-T fresh',
      storageMode: 'refrigerated',
      maxTransportMinutes: 24 * 60,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    };
    expect((await sys.api('POST', '/api/v1/profiles', profile)).status).toBe(201);
    const dispatchMs = Date.now() - 30 * MIN;
    for (const id of ['DL-1', 'DL-2']) {
      const deviceId = `L-${id}`;
      const secret = await sys.registerLogger(deviceId);
      const shipment = {
        id,
        profileId: profile.id,
        product: { name: 'CAR-T', cellType: 'T cell', batch: `B-${id}`, quantity: 1 },
        containerType: 'passive_2_8_box',
        deviceIds: [deviceId],
        manufacturer: { name: 'CellCo', qaEmail: MAKER_QA, locale: 'en' },
        manufacturerOrg: 'CellCo',
        origin: 'Plant Suzhou',
        destination: 'Hospital A',
        destinationSite: 'hospital-a',
      };
      expect((await sys.api('POST', '/api/v1/shipments', shipment)).status).toBe(201);
      const dispatched = await sys.api('POST', `/api/v1/shipments/${id}/dispatch`, {
        at: new Date(dispatchMs).toISOString(),
      });
      expect(dispatched.status, dispatched.text).toBe(200);
      // the logger's stored backlog: one reading a minute, 12 °C in a 2-8 °C box (a deviation)
      const client = await connectClient(sys.mqttUrl, {
        username: deviceId,
        password: secret,
        clientId: deviceId,
      });
      const backlog = Array.from({ length: 29 }, (_, i) => ({
        ts: dispatchMs + i * MIN,
        seq: i,
        temp_c: 12,
      }));
      await client.publishAsync(`coldtrace/v1/devices/${deviceId}/readings`, JSON.stringify(backlog), {
        qos: 1,
      });
      await client.endAsync();
      await waitUntil(
        async () => {
          const from = new Date(dispatchMs - MIN).toISOString();
          const to = new Date(Date.now()).toISOString();
          const res = await sys.api('GET', `/api/v1/devices/${deviceId}/readings?from=${from}&to=${to}`);
          return (res.json as { readings: unknown[] }).readings.length === 29 ? true : undefined;
        },
        15_000,
        `the backlog of ${deviceId} in InfluxDB`,
      );
    }
    await person('li.na', { site: 'hospital-a' }, 'zh-CN');
    await person('cellco.qa', { organisation: 'CellCo' }, 'en');
    await person('otherco.qa', { organisation: 'OtherCo' }, 'en');
  }, 240_000);
  afterAll(async () => {
    await sys?.stop();
    await smtp?.stop();
  });

  it('a deviating receipt quarantines, opens a case and mails its link to the manufacturer in English', async () => {
    for (const id of ['DL-1', 'DL-2']) {
      const res = await sys.api('POST', `/api/v1/shipments/${id}/receipt`, {
        receiverName: 'Zhang Wei',
        checks: { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true },
      });
      expect(res.status, res.text).toBe(201);
      expect((res.json as { verdict: { status: string } }).verdict.status).toBe('deviation');
      const cases = (await sys.api('GET', `/api/v1/cases?shipmentId=${id}`)).json as {
        id: string;
        state: string;
      }[];
      expect(cases.map((c) => c.state)).toEqual(['open']);
      caseOf[id] = cases[0]!.id;
    }
    const [mail] = await smtp.waitForMails(
      1,
      (m) => subjectOf(m).includes('[DL-1]') && subjectOf(m).includes('RECEIPT'),
    );
    expect(mail!.envelopeTo).toEqual([MAKER_QA]);
    expect(mail!.parsed.text).toContain(`/case?id=${caseOf['DL-1']}`);
    // in the manufacturer's language first, the other one below it
    const text = mail!.parsed.text ?? '';
    expect(text).toContain('Sign in to coldtrace');
    expect(text.indexOf('Sign in to coldtrace')).toBeLessThan(text.search(/请登录/));
    expect((await sys.api('GET', '/api/v1/shipments/DL-1')).json).toMatchObject({ status: 'quarantined' });
  });

  it("another manufacturer's QA cannot see the case: 404, and an empty list", async () => {
    const other = people['otherco.qa']!;
    const got = await asPerson(other.session, 'GET', `/api/v1/cases/${caseOf['DL-1']}`);
    expect(got.status).toBe(404);
    expect(got.json.code).toBe('CT_CASE_NOT_FOUND');
    expect(got.text).not.toContain('CellCo');
    const advice = await asPerson(other.session, 'POST', `/api/v1/cases/${caseOf['DL-1']}/advice`, {
      investigation: 'x',
      decision: 'use',
      rationale: 'x',
      signature: other.signature,
    });
    expect(advice.status).toBe(404);
    expect((await asPerson(other.session, 'GET', '/api/v1/cases')).json).toEqual([]);
  });

  it('the clinic assesses, the manufacturer advises under its own scope, the clinic releases', async () => {
    const clinic = people['li.na']!;
    const maker = people['cellco.qa']!;
    const id = caseOf['DL-1']!;
    const assessed = await asPerson(clinic.session, 'POST', `/api/v1/cases/${id}/assessment`, {
      impact: '运输中 12 °C 约 30 分钟，细胞活率可能下降。',
      severity: 3,
      likelihood: 2,
      detectability: 2,
      interimControl: {
        keptInQuarantine: true,
        storedAtRequiredTemperature: true,
        storageUnitId: 'FRIDGE-2',
      },
      signature: clinic.signature,
    });
    expect(assessed.status, assessed.text).toBe(201);
    expect(assessed.json.state).toBe('assessed');
    // the manufacturer's QA reviews the record under its own scope, then signs its advice
    const seen = await asPerson(maker.session, 'GET', `/api/v1/cases/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.json.steps[0].body.impact).toContain('12 °C');
    const advised = await asPerson(maker.session, 'POST', `/api/v1/cases/${id}/advice`, {
      investigation: 'Logger record reviewed; excursion within the validated allowance (study S-12).',
      decision: 'use',
      rationale: 'S-12 allows up to 15 °C for 60 min.',
      signature: maker.signature,
    });
    expect(advised.status, advised.text).toBe(201);
    expect(advised.json.state).toBe('advised');
    const released = await asPerson(clinic.session, 'POST', `/api/v1/cases/${id}/disposition`, {
      outcome: 'released',
      epcisDisposition: 'released',
      signature: clinic.signature,
    });
    expect(released.status, released.text).toBe(201);
    expect(released.json.state).toBe('released');
    expect(
      released.json.steps.map(
        (s: { kind: string; signatures: { printedName: string; meaning: string; valid: boolean }[] }) => [
          s.kind,
          s.signatures.map((g) => [g.printedName, g.meaning, g.valid]),
        ],
      ),
    ).toEqual([
      ['assessment', [['李娜 Li Na', 'assessed', true]]],
      ['advice', [['cellco.qa QA', 'advised', true]]],
      ['disposition', [['李娜 Li Na', 'released', true]]],
    ]);
    expect((await sys.api('GET', '/api/v1/shipments/DL-1')).json).toMatchObject({ status: 'released' });
  });

  it('mails: the manufacturer in English, the site in Chinese; the disposition reaches both', async () => {
    const id = caseOf['DL-1']!;
    const toMaker = await waitUntil(
      () => {
        const m = mailsFor(id, MAKER_QA);
        return m.length >= 2 ? m : undefined;
      },
      15_000,
      'assessment and closing mails to the manufacturer',
    );
    expect(toMaker.map(subjectOf).sort()).toEqual([
      expect.stringContaining('deviation case closed'),
      expect.stringContaining('the clinic signed its risk assessment'),
    ]);
    const toSite = await waitUntil(
      () => {
        const m = mailsFor(id, SITE_MAILBOX);
        return m.length >= 2 ? m : undefined;
      },
      15_000,
      'advice and closing mails to the site',
    );
    expect(toSite.map(subjectOf).sort()).toEqual([
      expect.stringContaining('偏差事件已关闭'),
      expect.stringContaining('制备厂商已给出处理建议'),
    ]);
    // the clinic's assessor hears of the advice as well as the site's mailbox
    const advice = toSite.find((m) => subjectOf(m).includes('制备厂商已给出处理建议'))!;
    expect(advice.envelopeTo.sort()).toEqual(['li.na@people.example', SITE_MAILBOX]);
    expect(advice.parsed.text).toContain('可以使用');
    expect(smtp.mails.filter((m) => m.envelopeTo.includes('otherco.qa@people.example'))).toEqual([]);
  });

  it('every step is in the audit chain, and the shipment follows quarantined -> released', async () => {
    const id = caseOf['DL-1']!;
    const caseAudit = (await sys.api('GET', `/api/v1/audit?entity=deviation_case&entityId=${id}`)).json as {
      entries: { action: string }[];
    };
    expect(caseAudit.entries.map((e) => e.action).reverse()).toEqual([
      'open',
      'assessment',
      'advice',
      'disposition',
    ]);
    const shipmentAudit = (await sys.api('GET', '/api/v1/shipments/DL-1/audit')).json as { action: string }[];
    expect(shipmentAudit.map((e) => e.action).slice(-2)).toEqual(['receipt', 'disposition']);
    // the manufacturer's QA sees the case's rows in its scope, the other manufacturer none
    const makerAudit = await asPerson(
      people['cellco.qa']!.session,
      'GET',
      `/api/v1/audit?entity=deviation_case&entityId=${id}`,
    );
    expect(makerAudit.json.entries).toHaveLength(4);
    const otherAudit = await asPerson(
      people['otherco.qa']!.session,
      'GET',
      `/api/v1/audit?entity=deviation_case&entityId=${id}`,
    );
    expect(otherAudit.json.entries).toEqual([]);
  });

  it('the second path: the clinic rejects and destroys; both sides are told', async () => {
    const clinic = people['li.na']!;
    const id = caseOf['DL-2']!;
    const rejected = await asPerson(clinic.session, 'POST', `/api/v1/cases/${id}/disposition`, {
      outcome: 'rejected',
      epcisDisposition: 'destroyed',
      notes: '按 SOP-7 销毁',
      signature: clinic.signature,
    });
    expect(rejected.status, rejected.text).toBe(201);
    expect(rejected.json).toMatchObject({
      state: 'rejected',
      disposition: { outcome: 'rejected', epcisDisposition: 'destroyed' },
    });
    expect((await sys.api('GET', '/api/v1/shipments/DL-2')).json).toMatchObject({ status: 'rejected' });
    const [toMaker] = await smtp.waitForMails(
      1,
      (m) =>
        subjectOf(m).includes(`[${id}]`) &&
        m.envelopeTo.includes(MAKER_QA) &&
        subjectOf(m).includes('closed'),
    );
    expect(toMaker!.parsed.text).toContain('destroyed');
    await smtp.waitForMails(
      1,
      (m) => subjectOf(m).includes(`[${id}]`) && m.envelopeTo.includes(SITE_MAILBOX),
    );
    expect((await sys.api('GET', '/api/v1/cases?open=true')).json).toEqual([]);
  });
});
