import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeDrivers } from '../../../test/support/store-drivers.js';
import { type RecordsStore, sqlDbOf } from '../sql/records-store.js';
import { appendAudit, auditOf } from './audit-trail.js';
import { verifyAudit as verifyAuditChain } from './audit-verify.js';

const actor = { id: 'k_1', name: 'alice' };

describe.each(storeDrivers)('audit trail on %s', (_name, open) => {
  let store: RecordsStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
    for (let i = 0; i < 5; i++) {
      await sqlDbOf(store).transaction((tx) =>
        appendAudit(tx, {
          actor,
          action: 'update',
          entity: 'profile',
          entityId: 'P1',
          reason: `change ${i}`,
          oldValue: { tempMaxC: i },
          newValue: { tempMaxC: i + 1 },
        }),
      );
    }
  });
  afterAll(() => cleanup());

  it('records who, what, when, why, old and new value, chained', async () => {
    const rows = await auditOf(sqlDbOf(store), 'profile', 'P1');
    expect(rows).toHaveLength(5);
    expect(rows[1]).toMatchObject({
      actorId: 'k_1',
      actorName: 'alice',
      reason: 'change 1',
      oldValue: '{"tempMaxC":1}',
    });
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(await verifyAuditChain(sqlDbOf(store))).toMatchObject({ ok: true, rows: 5 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await expect(sqlDbOf(store).query("UPDATE audit_trail SET reason = 'x' WHERE seq = 2")).rejects.toThrow(
      /append-only/,
    );
    await expect(sqlDbOf(store).query('DELETE FROM audit_trail WHERE seq = 2')).rejects.toThrow(
      /append-only/,
    );
    await expect(sqlDbOf(store).query('TRUNCATE audit_trail')).rejects.toThrow(/append-only/);
  });

  it('detects a row edited behind the application (trigger disabled by a superuser)', async () => {
    await sqlDbOf(store).exec(`ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_append_only;
      UPDATE audit_trail SET new_value = '{"tempMaxC":99}' WHERE seq = 3;
      ALTER TABLE audit_trail ENABLE TRIGGER audit_trail_append_only;`);
    const result = await verifyAuditChain(sqlDbOf(store));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ rowId: '3', kind: 'edited' })]);
  });

  it('detects a deleted row and a forged row appended with a made-up hash', async () => {
    await sqlDbOf(store).exec(`ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_append_only;
      DELETE FROM audit_trail WHERE seq = 4;
      ALTER TABLE audit_trail ENABLE TRIGGER audit_trail_append_only;
      INSERT INTO audit_trail (seq, at, actor_id, actor_name, action, entity, entity_id, prev_hash, hash)
      VALUES (6, now(), 'x', 'x', 'create', 'profile', 'P9', 'forged', 'forged');`);
    const problems = (await verifyAuditChain(sqlDbOf(store))).problems.map((p) => `${p.rowId}:${p.kind}`);
    expect(problems).toEqual(['3:edited', '4:missing', '6:edited']);
  });
});
