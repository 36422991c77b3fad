import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type Harness, minuteReadings, startHarness } from '../../../test/support/api-harness.js';
import type { OutboxRow } from '../../store/sql/outbox-repo.js';

/**
 * The deviation loop over the API (issue 15): a deviating receipt opens a case; the clinic's QA
 * assesses, the manufacturer's QA advises, the clinic disposes, each signed with login name and
 * password and audited; scopes hold (another manufacturer's QA gets 404, nothing leaked); a
 * "do not use" advice blocks a release until a new signed advice.
 */
const HOUR_MS = 3_600_000;
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const checks = { labelOk: true, packagingOk: true, appearanceOk: true, documentsOk: true, quantityOk: true };
const assessment = {
  impact: 'Exposure to 12 °C for 2 h; viability may be reduced.',
  severity: 4,
  likelihood: 3,
  detectability: 2,
  interimControl: { keptInQuarantine: true, storedAtRequiredTemperature: true, notes: 'fridge 2' },
};

interface Session {
  cookie: string;
  csrf: string;
}

describe('deviation cases over the API', () => {
  let h: Harness;
  const mails: OutboxRow[] = [];
  const call = (method: string, url: string, payload?: unknown, headers: Record<string, string> = admin) =>
    h.app.inject({ method: method as 'GET', url, headers, payload: payload as object });
  const as = (s: Session, method: string, url: string, payload?: unknown) =>
    call(method, url, payload, { cookie: s.cookie, 'x-csrf-token': s.csrf });

  async function person(login: string, scope: { organisation?: string; site?: string }, locale = 'zh-CN') {
    const password = `pass word for ${login.length} 2026`;
    const { invitation } = await h.records.users.create(
      {
        login,
        printedName: `${login} (printed)`,
        email: `${login}@people.example`,
        locale: locale as 'zh-CN',
        roles: ['qa'],
        scope,
      },
      { id: 'test', name: 'test setup' },
    );
    await h.records.users.acceptInvitation(login, invitation!, password);
    const res = await call('POST', '/api/v1/session', { login, password }, {});
    expect(res.statusCode, res.body).toBe(200);
    const session = {
      cookie: String(res.headers['set-cookie']).split(';')[0]!,
      csrf: res.json().csrfToken as string,
    };
    return { session, signature: { login, password } };
  }
  let clinic: Awaited<ReturnType<typeof person>>;
  let maker: Awaited<ReturnType<typeof person>>;
  let otherMaker: Awaited<ReturnType<typeof person>>;
  const caseOf: Record<string, string> = {};

  async function drainOutbox() {
    mails.push(...(await h.records.outbox.claimDue(Date.now() + 10 * HOUR_MS, 100, 60_000)));
  }

  beforeAll(async () => {
    h = await startHarness('pglite');
    const now = Date.now();
    const dispatchMs = now - 2 * HOUR_MS;
    const profile = {
      id: 'p-2-8',
      name: 'CAR-T fresh',
      storageMode: 'refrigerated',
      maxTransportMinutes: 24 * 60,
      containerTypes: ['passive_2_8_box'],
      maxGapMinutes: 10,
    };
    expect((await call('POST', '/api/v1/profiles', profile)).statusCode).toBe(201);
    for (const [id, dev] of [
      ['DC-1', 'DCL1'],
      ['DC-2', 'DCL2'],
    ] as const) {
      const device = {
        id: dev,
        kind: 'shipper_logger',
        loggingIntervalS: 60,
        calibrationValidUntil: '2030-01-01T00:00:00Z',
      };
      expect((await call('POST', '/api/v1/devices', device)).statusCode).toBe(201);
      const shipment = {
        id,
        profileId: profile.id,
        product: { name: 'CAR-T', cellType: 'T cell', batch: `B-${id}`, quantity: 1 },
        containerType: 'passive_2_8_box',
        deviceIds: [dev],
        manufacturer: { name: 'CellCo', qaEmail: 'qa@cellco.example', locale: 'en' },
        manufacturerOrg: 'CellCo',
        origin: 'plant',
        destination: 'Hospital A',
        destinationSite: 'hospital-a',
      };
      expect((await call('POST', '/api/v1/shipments', shipment)).statusCode).toBe(201);
      const at = new Date(dispatchMs).toISOString();
      expect((await call('POST', `/api/v1/shipments/${id}/dispatch`, { at })).statusCode).toBe(200);
      await h.readings.writeReadings(minuteReadings(dev, dispatchMs, now - 60_000, () => 12));
      const receipt = await call('POST', `/api/v1/shipments/${id}/receipt`, { receiverName: 'Li', checks });
      expect(receipt.statusCode, receipt.body).toBe(201);
    }
    clinic = await person('clinic.qa', { site: 'hospital-a' });
    maker = await person('cellco.qa', { organisation: 'CellCo' }, 'en');
    otherMaker = await person('otherco.qa', { organisation: 'OtherCo' }, 'en');
    const list = (await call('GET', '/api/v1/cases?open=true')).json() as {
      id: string;
      subject: { id: string };
    }[];
    for (const c of list) caseOf[c.subject.id] = c.id;
    await drainOutbox();
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a deviating receipt opens one case per shipment, and its mail to QA links to it', async () => {
    expect(Object.keys(caseOf).sort()).toEqual(['DC-1', 'DC-2']);
    const c = (await as(maker.session, 'GET', `/api/v1/cases/${caseOf['DC-1']}`)).json();
    expect(c.state).toBe('open');
    expect(c.findingCodes).toContain('TEMP_OUT_OF_RANGE');
    expect(c.readingsDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(c.dueAt) - Date.parse(c.openedAt)).toBe(24 * HOUR_MS);
    const receiptMail = mails.find((m) => m.key === 'receipt-deviation:DC-1')!;
    expect(receiptMail.to).toEqual(['qa@cellco.example']);
    expect(receiptMail.text).toContain(`/case?id=${caseOf['DC-1']}`);
    expect(receiptMail.text).toContain('Sign in to coldtrace');
  });

  it("another manufacturer's QA sees nothing: 404 on the case and its steps, an empty list", async () => {
    const id = caseOf['DC-1']!;
    const got = await as(otherMaker.session, 'GET', `/api/v1/cases/${id}`);
    expect(got.statusCode).toBe(404);
    expect(got.json().code).toBe('CT_CASE_NOT_FOUND');
    expect(got.body).not.toContain('CellCo');
    const unknown = await as(otherMaker.session, 'GET', '/api/v1/cases/DC-NOPE');
    expect(Object.keys(unknown.json()).sort()).toEqual(Object.keys(got.json()).sort());
    const advice = await as(otherMaker.session, 'POST', `/api/v1/cases/${id}/advice`, { junk: true });
    expect(advice.statusCode).toBe(404);
    expect((await as(otherMaker.session, 'GET', '/api/v1/cases')).json()).toEqual([]);
  });

  it('the clinic assesses, signed; the manufacturer may not, and a wrong password signs nothing', async () => {
    const id = caseOf['DC-1']!;
    const byMaker = await as(maker.session, 'POST', `/api/v1/cases/${id}/assessment`, {
      ...assessment,
      signature: maker.signature,
    });
    expect(byMaker.statusCode).toBe(403);
    expect(byMaker.json().code).toBe('CT_CASE_WRONG_PARTY');
    const unsigned = await as(clinic.session, 'POST', `/api/v1/cases/${id}/assessment`, assessment);
    expect(unsigned.json().code).toBe('CT_CASE_SIGNATURE_REQUIRED');
    const incomplete = await as(clinic.session, 'POST', `/api/v1/cases/${id}/assessment`, {
      impact: 'x',
      severity: 2,
      interimControl: assessment.interimControl,
      signature: clinic.signature,
    });
    expect(incomplete.json().code).toBe('CT_CASE_ASSESSMENT_INCOMPLETE');
    const wrong = await as(clinic.session, 'POST', `/api/v1/cases/${id}/assessment`, {
      ...assessment,
      signature: { login: 'clinic.qa', password: 'not it' },
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await as(clinic.session, 'POST', `/api/v1/cases/${id}/assessment`, {
      ...assessment,
      signature: clinic.signature,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const body = ok.json();
    expect(body.state).toBe('assessed');
    expect(body.steps).toHaveLength(1);
    expect(
      body.steps[0].signatures.map((s: { meaning: string; valid: boolean }) => [s.meaning, s.valid]),
    ).toEqual([['assessed', true]]);
  });

  it('"do not use" blocks a release until a new signed advice; then the clinic releases and the shipment follows', async () => {
    const id = caseOf['DC-1']!;
    const early = await as(clinic.session, 'POST', `/api/v1/cases/${id}/disposition`, {
      outcome: 'released',
      epcisDisposition: 'released',
      signature: clinic.signature,
    });
    expect(early.json().code).toBe('CT_CASE_NO_ADVICE');
    const noAction = await as(maker.session, 'POST', `/api/v1/cases/${id}/advice`, {
      investigation: 'i',
      decision: 'do_not_use',
      rationale: 'r',
      signature: maker.signature,
    });
    expect(noAction.statusCode).toBe(400);
    expect(noAction.json().code).toBe('CT_VALIDATION');
    const dnu = await as(maker.session, 'POST', `/api/v1/cases/${id}/advice`, {
      investigation: 'Stability data reviewed.',
      decision: 'do_not_use',
      doNotUseAction: 'destroy',
      rationale: 'Outside the validated excursion.',
      signature: maker.signature,
    });
    expect(dnu.statusCode, dnu.body).toBe(201);
    const blocked = await as(clinic.session, 'POST', `/api/v1/cases/${id}/disposition`, {
      outcome: 'released',
      epcisDisposition: 'released',
      signature: clinic.signature,
    });
    expect(blocked.json().code).toBe('CT_CASE_ADVISED_DO_NOT_USE');
    const use = await as(maker.session, 'POST', `/api/v1/cases/${id}/advice`, {
      investigation: 'Excursion within the allowance of study S-12.',
      decision: 'use_with_conditions',
      conditions: 'Infuse within 2 h of thaw.',
      rationale: 'Allowance 14 °C for 4 h.',
      attachments: [{ filename: 'stability.txt', contentType: 'text/plain', text: 'S-12: 14 °C / 4 h' }],
      signature: maker.signature,
    });
    expect(use.statusCode, use.body).toBe(201);
    const file = use.json().steps.at(-1).attachments[0];
    const download = await as(maker.session, 'GET', file.url);
    expect(download.body).toBe('S-12: 14 °C / 4 h');
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    const noConditions = await as(clinic.session, 'POST', `/api/v1/cases/${id}/disposition`, {
      outcome: 'released',
      epcisDisposition: 'released',
      signature: clinic.signature,
    });
    expect(noConditions.json().code).toBe('CT_CASE_CONDITIONS_MISSING');
    const released = await as(clinic.session, 'POST', `/api/v1/cases/${id}/disposition`, {
      outcome: 'released',
      epcisDisposition: 'released',
      conditions: 'Infuse within 2 h of thaw.',
      signature: clinic.signature,
    });
    expect(released.statusCode, released.body).toBe(201);
    expect(released.json().state).toBe('released');
    expect(released.json().steps.map((s: { kind: string }) => s.kind)).toEqual([
      'assessment',
      'advice',
      'advice',
      'disposition',
    ]);
    expect((await call('GET', '/api/v1/shipments/DC-1')).json().status).toBe('released');
    const after = await as(clinic.session, 'POST', `/api/v1/cases/${id}/assessment`, {
      ...assessment,
      signature: clinic.signature,
    });
    expect(after.json().code).toBe('CT_CASE_CLOSED');
    expect((await h.records.auditOf('deviation_case', id)).map((r) => r.action)).toEqual([
      'open',
      'assessment',
      'advice',
      'advice',
      'disposition',
    ]);
    const shipmentAudit = (await h.records.auditOf('shipment', 'DC-1')).map((r) => r.action);
    expect(shipmentAudit.slice(-2)).toEqual(['receipt', 'disposition']);
  });

  it('mails: each side hears of the other in its own language; the disposition reaches both', async () => {
    await drainOutbox();
    const id = caseOf['DC-1']!;
    const of = (kind: string, audience: string) =>
      mails.filter((m) => m.key.startsWith(`case:${id}:${kind}:`) && m.key.endsWith(`:${audience}`));
    const assessed = of('assessed', 'manufacturer');
    expect(assessed).toHaveLength(1);
    expect(assessed[0]!.to).toEqual(['qa@cellco.example']);
    expect(assessed[0]!.subject).toContain('the clinic signed its risk assessment');
    const advised = of('advised', 'site');
    expect(advised).toHaveLength(2);
    expect(advised[0]!.to).toEqual(['clinic.qa@people.example']);
    expect(advised[0]!.subject).toContain('制备厂商已给出处理建议');
    expect(of('closed', 'manufacturer')[0]!.text).toContain('release');
    expect(of('closed', 'site')[0]!.subject).toContain('偏差事件已关闭');
  });

  it('the second path: the clinic rejects and destroys without waiting for the advice', async () => {
    const id = caseOf['DC-2']!;
    const mismatch = await as(clinic.session, 'POST', `/api/v1/cases/${id}/disposition`, {
      outcome: 'rejected',
      epcisDisposition: 'released',
      signature: clinic.signature,
    });
    expect(mismatch.json().code).toBe('CT_CASE_DISPOSITION_MISMATCH');
    const rejected = await as(clinic.session, 'POST', `/api/v1/cases/${id}/disposition`, {
      outcome: 'rejected',
      epcisDisposition: 'destroyed',
      notes: 'destroyed per SOP-7',
      signature: clinic.signature,
    });
    expect(rejected.statusCode, rejected.body).toBe(201);
    expect(rejected.json().disposition).toEqual({ outcome: 'rejected', epcisDisposition: 'destroyed' });
    expect(rejected.json().steps[0].signatures[0].meaning).toBe('rejected');
    expect((await call('GET', '/api/v1/shipments/DC-2')).json().status).toBe('rejected');
    expect((await call('GET', '/api/v1/cases?open=true')).json()).toEqual([]);
  });

  it('the answer time is set per manufacturer, by its admin only', async () => {
    const set = await call('PUT', '/api/v1/manufacturers/CellCo/answer-time', { answerHours: 8 });
    expect(set.statusCode, set.body).toBe(200);
    expect((await call('GET', '/api/v1/manufacturers/CellCo/answer-time')).json().answerHours).toBe(8);
    const byMaker = await as(maker.session, 'PUT', '/api/v1/manufacturers/CellCo/answer-time', {
      answerHours: 1,
    });
    expect(byMaker.statusCode).toBe(403);
  });

  it('is in the OpenAPI document under the cases tag', async () => {
    const doc = (await call('GET', '/docs/json')).json();
    expect(doc.paths['/api/v1/cases/{id}/advice'].post.tags).toEqual(['cases']);
  });
});
