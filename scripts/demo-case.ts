// The demo's deviation case (issue 15): takes one open case the scenarios left, makes a clinic QA
// and a manufacturer QA account in their scopes, signs the clinic's risk assessment, and prints how
// to sign in as the manufacturer's QA to investigate and advise (then as the clinic to dispose).
// Usage: tsx scripts/demo-case.ts <api url> <admin key>
import { z } from 'zod';

const [api, key] = process.argv.slice(2);
if (!api || !key) {
  console.error('usage: tsx scripts/demo-case.ts <api url> <admin key>');
  process.exit(2);
}

const caseSchema = z.object({
  id: z.string(),
  state: z.string(),
  organisation: z.string(),
  site: z.string(),
  subject: z.object({ id: z.string() }),
  dueAt: z.string(),
});

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${api}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

interface DemoPerson {
  login: string;
  password: string;
  printedName: string;
  locale: 'zh-CN' | 'en';
  scope: { site?: string; organisation?: string };
}

/** An account taken up with its invitation; one already there from an earlier demo is kept. */
async function ensurePerson(p: DemoPerson): Promise<void> {
  const created = await call('POST', '/users', {
    login: p.login,
    printedName: p.printedName,
    email: `${p.login}@example.com`,
    locale: p.locale,
    roles: ['qa'],
    scope: p.scope,
  });
  if (created.status === 409) return;
  if (created.status !== 201)
    throw new Error(`creating ${p.login}: HTTP ${created.status} ${JSON.stringify(created.json)}`);
  const { invitation } = z.object({ invitation: z.string() }).parse(created.json);
  const res = await fetch(`${api}/api/v1/users/activate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: p.login, invitation, password: p.password }),
  });
  if (!res.ok) throw new Error(`activating ${p.login}: HTTP ${res.status} ${await res.text()}`);
}

const open = z.array(caseSchema).parse((await call('GET', '/cases?open=true')).json);
const waiting = open.find((c) => c.state === 'assessed') ?? open.find((c) => c.state === 'open');
if (!waiting) {
  console.log('demo: no open deviation case (no scenario ended in a deviating receipt)');
  process.exit(0);
}
const clinic: DemoPerson = {
  login: 'demo.clinic.qa',
  password: 'clinic quality 2026',
  printedName: '李娜 Li Na (clinic QA)',
  locale: 'zh-CN',
  scope: { site: waiting.site },
};
const maker: DemoPerson = {
  login: 'demo.maker.qa',
  password: 'manufacturer quality 2026',
  printedName: 'Chen Hao (manufacturer QA)',
  locale: 'en',
  scope: { organisation: waiting.organisation },
};
await ensurePerson(clinic);
await ensurePerson(maker);
if (waiting.state === 'open') {
  // 8.1.5: the clinic's risk assessment, signed, so that the case waits for the manufacturer
  const assessed = await call('POST', `/cases/${encodeURIComponent(waiting.id)}/assessment`, {
    impact: '运输途中温度超出范围；细胞活率可能受影响，产品已隔离待制备厂商评估。',
    severity: 3,
    likelihood: 2,
    detectability: 2,
    interimControl: { keptInQuarantine: true, storedAtRequiredTemperature: true },
    signature: { login: clinic.login, password: clinic.password },
  });
  if (assessed.status !== 201)
    throw new Error(`assessing ${waiting.id}: HTTP ${assessed.status} ${JSON.stringify(assessed.json)}`);
}

console.log(`
A deviation case waits for the manufacturer's advice (8.1.6): ${waiting.id} (shipment ${waiting.subject.id})
  case page        ${api}/case?id=${encodeURIComponent(waiting.id)}
  sign in as the manufacturer's QA (sees only ${waiting.organisation}):
                   login ${maker.login}   password "${maker.password}"
  then as the clinic's QA to release or reject (site ${waiting.site}):
                   login ${clinic.login}   password "${clinic.password}"
  answer due       ${waiting.dueAt} (UTC)
  the mails        in the data folder's mail/ (the manufacturer's link leads to the case page)`);
