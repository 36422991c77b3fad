import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDrivers } from '../../../test/support/store-drivers.js';
import { contentSha256, verifySignature } from '../../domain/signature.js';
import { auditOf } from '../audit/audit-trail.js';
import {
  ACCOUNT_ALARM_FAILURES,
  ACCOUNT_SPACING_MS,
  PAIR_BASE_LOCK_MS,
  PAIR_FREE_FAILURES,
} from '../people/lockout.js';
import { type RecordsStore, sqlDbOf } from './records-store.js';

const admin = { id: 'test-admin', name: 'Test Admin' };
const T0 = Date.parse('2026-12-01T08:00:00Z');

describe.each(storeDrivers)('people over %s', (_name, factory) => {
  let store: RecordsStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await factory());
  });
  afterAll(() => cleanup());

  it('lives: invitation, own password, sign-in, change, admin reset (audited)', async () => {
    const { user, invitation } = await store.users.create(
      {
        login: 'Li.Wei',
        printedName: '李伟 Li Wei',
        email: 'li@site-a.example',
        locale: 'zh-CN',
        roles: ['receiver'],
        scope: { site: 'site-a' },
      },
      admin,
      T0,
    );
    expect(user.login).toBe('li.wei');
    expect(user.passwordSet).toBe(false);
    expect(invitation).toMatch(/^cti_/);
    // the policy: length and not the login name
    await expect(store.users.acceptInvitation('li.wei', invitation!, 'short', T0)).rejects.toMatchObject({
      code: 'CT_PASSWORD_POLICY',
    });
    await expect(
      store.users.acceptInvitation('li.wei', invitation!, 'xxli.weixxxxxxx', T0),
    ).rejects.toMatchObject({ code: 'CT_PASSWORD_POLICY' });
    await expect(
      store.users.acceptInvitation('li.wei', 'cti_wrong', 'a long enough secret', T0),
    ).rejects.toMatchObject({ code: 'CT_INVITATION_INVALID' });
    await store.users.acceptInvitation('li.wei', invitation!, 'a long enough secret', T0);
    // an invitation is used once
    await expect(
      store.users.acceptInvitation('li.wei', invitation!, 'another long secret', T0),
    ).rejects.toMatchObject({ code: 'CT_INVITATION_INVALID' });
    expect((await store.users.verifyCredentials('LI.WEI', 'a long enough secret', '10.0.0.1', T0)).ok).toBe(
      true,
    );
    expect((await store.users.verifyCredentials('li.wei', 'a long enough secreT', '10.0.0.1', T0)).ok).toBe(
      false,
    );

    await store.users.changePassword(
      user.id,
      'my second long secret',
      { id: user.id, name: user.printedName },
      T0,
    );
    expect((await store.users.verifyCredentials('li.wei', 'a long enough secret', '10.0.0.1', T0)).ok).toBe(
      false,
    );
    expect((await store.users.verifyCredentials('li.wei', 'my second long secret', '10.0.0.1', T0)).ok).toBe(
      true,
    );

    const { session } = await store.sessions.open(user.id, '10.0.0.1', T0);
    const reset = await store.users.resetPassword(user.id, admin, {
      temporaryPassword: 'temporary password 1',
      reason: 'forgotten',
      nowMs: T0,
    });
    expect(reset.user.mustChangePassword).toBe(true);
    expect((await store.users.verifyCredentials('li.wei', 'my second long secret', '10.0.0.1', T0)).ok).toBe(
      false,
    );
    const after = await store.users.verifyCredentials('li.wei', 'temporary password 1', '10.0.0.1', T0);
    expect(after.ok && after.user.mustChangePassword).toBe(true);
    // the reset ended the person's sessions
    expect(session.id).toMatch(/^s_/);
    const audit = await auditOf(sqlDbOf(store), 'user', user.id);
    expect(audit.map((a) => a.action)).toEqual([
      'create',
      'accept_invitation',
      'change_password',
      'reset_password',
    ]);
    expect(audit[3]!.actorName).toBe('Test Admin');
    expect(JSON.stringify(audit)).not.toContain('secret');
    await expect(
      store.users.create(
        { login: 'li.wei', printedName: 'x', email: 'x@x.example', locale: 'en', roles: ['qa'] },
        admin,
      ),
    ).rejects.toMatchObject({ code: 'CT_LOGIN_TAKEN' });
  });

  it('lockout: an attacker locks only their own addresses; the holder still signs in after a short backoff', async () => {
    await store.users.create(
      {
        login: 'qa.one',
        printedName: 'QA One',
        email: 'qa@maker-a.example',
        locale: 'en',
        roles: ['qa'],
        initialPassword: 'the holder knows this',
      },
      admin,
    );
    let now = T0;
    // one address guessing: after the free tries the pair is locked and not even checked
    for (let i = 0; i < PAIR_FREE_FAILURES; i++) {
      expect(await store.users.verifyCredentials('qa.one', `guess ${i}`, '203.0.113.1', now)).toEqual({
        ok: false,
      });
    }
    const locked = await store.users.verifyCredentials('qa.one', 'the holder knows this', '203.0.113.1', now);
    expect(locked.ok).toBe(false);
    expect(!locked.ok && locked.retryAfterMs).toBe(PAIR_BASE_LOCK_MS);
    // the holder from their own address is not affected
    expect(
      (await store.users.verifyCredentials('qa.one', 'the holder knows this', '198.51.100.7', now)).ok,
    ).toBe(true);

    // many addresses guessing (a botnet): the account is slowed, never locked
    for (let a = 2; a <= Math.ceil(ACCOUNT_ALARM_FAILURES / PAIR_FREE_FAILURES) + 1; a++) {
      for (let i = 0; i < PAIR_FREE_FAILURES; i++) {
        now += 1;
        await store.users.verifyCredentials('qa.one', `guess ${a}.${i}`, `203.0.113.${a}`, now);
      }
    }
    const slowed = await store.users.verifyCredentials(
      'qa.one',
      'the holder knows this',
      '198.51.100.99',
      now,
    );
    expect(slowed.ok).toBe(false);
    expect(!slowed.ok && slowed.retryAfterMs).toBeGreaterThan(0);
    expect(!slowed.ok && slowed.retryAfterMs).toBeLessThanOrEqual(ACCOUNT_SPACING_MS);
    now += ACCOUNT_SPACING_MS;
    expect(
      (await store.users.verifyCredentials('qa.one', 'the holder knows this', '198.51.100.99', now)).ok,
    ).toBe(true);
    // a locked pair's backoff doubles
    const pair = await store.users.verifyCredentials('qa.one', 'x', '203.0.113.1', T0 + PAIR_BASE_LOCK_MS);
    expect(pair.ok).toBe(false);
    const again = await store.users.verifyCredentials(
      'qa.one',
      'x',
      '203.0.113.1',
      T0 + PAIR_BASE_LOCK_MS + 1,
    );
    expect(!again.ok && again.retryAfterMs).toBe(2 * PAIR_BASE_LOCK_MS - 1);
  });

  it('sessions end when idle and on sign-out', async () => {
    const u = await store.users.create(
      {
        login: 'ward.nurse',
        printedName: 'Ward Nurse',
        email: 'w@site-a.example',
        locale: 'en',
        roles: ['receiver'],
        initialPassword: 'ward nurse password',
      },
      admin,
    );
    const idleMs = 15 * 60_000;
    const { session, token } = await store.sessions.open(u.user.id, '10.0.0.2', T0);
    expect((await store.sessions.touch(token, T0 + idleMs - 1, idleMs))?.id).toBe(session.id);
    // the idle clock restarted at the last request
    expect((await store.sessions.touch(token, T0 + 2 * idleMs - 2, idleMs))?.id).toBe(session.id);
    expect(await store.sessions.touch(token, T0 + 3 * idleMs, idleMs)).toBeUndefined();
    expect(await store.sessions.touch(token, T0 + 3 * idleMs + 1, idleMs)).toBeUndefined();
    const second = await store.sessions.open(u.user.id, '10.0.0.2', T0);
    await store.sessions.end(second.session.id, 'sign_out', T0 + 1);
    expect(await store.sessions.touch(second.token, T0 + 2, idleMs)).toBeUndefined();
    expect(await store.sessions.touch('not a token', T0, idleMs)).toBeUndefined();
  });

  it('signatures are bound to their record and content, append-only, in the audit chain', async () => {
    const signer = (
      await store.users.create(
        {
          login: 'qa.sign',
          printedName: 'QA Signer',
          email: 's@maker-a.example',
          locale: 'en',
          roles: ['qa'],
          initialPassword: 'qa signer password',
        },
        admin,
      )
    ).user;
    const content = { shipmentId: 'SH-1', verdictStatus: 'pass', checks: { labelOk: true } };
    const sig = await sqlDbOf(store).transaction((tx) =>
      store.signatures.add(tx, {
        recordType: 'receipt',
        recordId: 'SH-1',
        content,
        meaning: 'received',
        signer,
        signedAtMs: T0 + 123,
      }),
    );
    const [stored] = await store.signatures.listFor('receipt', 'SH-1');
    expect(stored).toEqual(sig);
    expect(stored!.contentSha256).toBe(
      contentSha256({ checks: { labelOk: true }, verdictStatus: 'pass', shipmentId: 'SH-1' }),
    );
    expect(verifySignature(stored!, 'receipt', 'SH-1', content)).toEqual({ valid: true });
    // copied onto another record, or over other content: fails
    expect(verifySignature({ ...stored!, recordId: 'SH-2' }, 'receipt', 'SH-2', content)).toEqual({
      valid: false,
      problem: 'binding_broken',
    });
    expect(verifySignature(stored!, 'receipt', 'SH-2', content)).toEqual({
      valid: false,
      problem: 'other_record',
    });
    expect(verifySignature(stored!, 'receipt', 'SH-1', { ...content, verdictStatus: 'deviation' })).toEqual({
      valid: false,
      problem: 'content_changed',
    });
    expect(verifySignature({ ...stored!, printedName: 'Someone Else' }, 'receipt', 'SH-1', content)).toEqual({
      valid: false,
      problem: 'binding_broken',
    });
    await expect(sqlDbOf(store).query("UPDATE signatures SET printed_name = 'x'")).rejects.toThrow(
      /append-only/,
    );
    const audit = await auditOf(sqlDbOf(store), 'receipt', 'SH-1');
    expect(audit.map((a) => [a.action, a.actorName])).toEqual([['sign', 'QA Signer']]);
    expect((await store.verifyAudit()).ok).toBe(true);
  });
});
