import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ColdtraceApi } from './api-client.js';
import { route } from './scenarios/common.js';

/**
 * The demo's people (issue 14): a receiver and a second verifier for each of two sites, a QA for
 * each of two manufacturers, and a global administrator, created through the API like any
 * administrator would (POST /users, then POST /users/activate with a password chosen here).
 */
export const DEMO_SITES = [route.destination, 'Hangzhou cell therapy centre'] as const;
export const DEMO_MANUFACTURERS = ['Demo Cell Therapeutics', 'Second Cell Biotech'] as const;

type Role = 'admin' | 'logistics' | 'receiver' | 'qa' | 'viewer';
export interface DemoPerson {
  login: string;
  printedName: string;
  locale: 'zh-CN' | 'en';
  roles: Role[];
  scope: { site?: string; organisation?: string };
  /** what the person does in the demo, for the start-up listing */
  duty: string;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    login: 'recv.sh',
    printedName: '李伟 Li Wei',
    locale: 'zh-CN',
    roles: ['receiver'],
    scope: { site: DEMO_SITES[0] },
    duty: 'receiver',
  },
  {
    login: 'verif.sh',
    printedName: '张敏 Zhang Min',
    locale: 'zh-CN',
    roles: ['receiver'],
    scope: { site: DEMO_SITES[0] },
    duty: 'second verifier',
  },
  {
    login: 'recv.hz',
    printedName: '陈静 Chen Jing',
    locale: 'zh-CN',
    roles: ['receiver'],
    scope: { site: DEMO_SITES[1] },
    duty: 'receiver',
  },
  {
    login: 'verif.hz',
    printedName: 'Anna Schmidt',
    locale: 'en',
    roles: ['receiver'],
    scope: { site: DEMO_SITES[1] },
    duty: 'second verifier',
  },
  {
    login: 'qa.democell',
    printedName: '王芳 Wang Fang',
    locale: 'zh-CN',
    roles: ['qa'],
    scope: { organisation: DEMO_MANUFACTURERS[0] },
    duty: 'manufacturer QA',
  },
  {
    login: 'qa.second',
    printedName: 'David Brown',
    locale: 'en',
    roles: ['qa'],
    scope: { organisation: DEMO_MANUFACTURERS[1] },
    duty: 'manufacturer QA',
  },
  {
    login: 'admin.demo',
    printedName: '赵磊 Zhao Lei',
    locale: 'zh-CN',
    roles: ['admin', 'qa'],
    scope: {},
    duty: 'administrator (all sites)',
  },
];

export interface IssuedPerson extends DemoPerson {
  password: string;
  /** true when the account already existed and its password was reset */
  reset: boolean;
}

/** 18 random characters: over the policy's 12, and never containing the login name. */
export function demoPassword(login: string): string {
  for (;;) {
    const candidate = randomBytes(14).toString('base64url').slice(0, 18);
    if (!candidate.toLowerCase().includes(login.toLowerCase())) return candidate;
  }
}

const invitationAnswer = z.object({ user: z.object({ id: z.string() }), invitation: z.string().min(1) });
const userList = z.array(z.object({ id: z.string(), login: z.string() }));

/**
 * Creates each demo person with an invitation and takes it up with a new password. A person who
 * already exists (the demo started again on its data folder) gets an administrator's reset, so the
 * passwords printed are always the ones that work.
 */
export async function issueDemoPeople(api: ColdtraceApi, people = DEMO_PEOPLE): Promise<IssuedPerson[]> {
  const existing = new Map(
    userList.parse(await api.request('GET', '/users')).map((u) => [u.login, u.id] as const),
  );
  const issued: IssuedPerson[] = [];
  for (const person of people) {
    const id = existing.get(person.login);
    const answer = invitationAnswer.parse(
      id === undefined
        ? await api.request('POST', '/users', {
            login: person.login,
            printedName: person.printedName,
            email: `${person.login}@demo.coldtrace.invalid`,
            locale: person.locale,
            roles: person.roles,
            scope: person.scope,
          })
        : await api.request('POST', `/users/${encodeURIComponent(id)}/reset`, {
            reason: 'demo started again: new password',
          }),
    );
    const password = demoPassword(person.login);
    await api.request('POST', '/users/activate', {
      login: person.login,
      invitation: answer.invitation,
      password,
    });
    issued.push({ ...person, password, reset: id !== undefined });
  }
  return issued;
}

/** Terminal columns of a text: Chinese characters take two. */
const columns = (text: string) =>
  [...text].reduce(
    (n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1),
    0,
  );

/** The start-up listing: who signs in with what, and what each one sees. */
export function peopleTable(issued: IssuedPerson[]): string {
  const rows = issued.map((p) => [
    p.login,
    p.password,
    p.printedName,
    p.duty,
    p.scope.site ?? p.scope.organisation ?? 'everything',
  ]);
  const head = ['login name', 'password', 'printed name', 'does', 'sees'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => columns(r[i]!))));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i]! - columns(c)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
