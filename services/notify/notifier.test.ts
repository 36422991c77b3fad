import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/support/ports.js';
import { testPostgres } from '../../test/support/postgres.js';
import { TestSmtp } from '../../test/support/smtp.js';
import { createLogger } from '../config/log.js';
import type { Shipment, Verdict } from '../domain/contract.js';
import { migrate } from '../store/sql/migrate.js';
import { OutboxRepo } from '../store/sql/outbox-repo.js';
import { openPgDb } from '../store/sql/pg-driver.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { OutgoingMail } from './mail.js';
import { startNotifier } from './notifier.js';
import { queueMail } from './outbox.js';
import { queueReceiptDeviationMail } from './receipt-mail.js';

const logger = createLogger('silent');
let db: SqlDb;
let dropSchema: () => Promise<void>;

beforeAll(async () => {
  const pg = await testPostgres('notify');
  dropSchema = pg.drop;
  db = openPgDb(pg.url);
  await migrate(db);
});
afterAll(async () => {
  await db.close();
  await dropSchema();
});

const mail = (key: string): OutgoingMail => ({
  key,
  to: ['qa@maker.example'],
  subject: `[coldtrace][ALERT][${key}] test`,
  text: `plain ${key}`,
  html: `<p>html ${key}</p>`,
});

const config = (smtpUrl?: string, dataDir = os.tmpdir()) => ({
  dataDir,
  smtpUrl,
  mailFrom: 'coldtrace@site.example',
});

describe('notifier over SMTP', () => {
  it('sends a committed mail once, with text and HTML parts and a stable Message-ID', async () => {
    const smtp = await TestSmtp.start();
    const notifier = startNotifier({
      config: config(smtp.url),
      logger,
      outbox: new OutboxRepo(db),
      pollMs: 50,
    });
    try {
      await db.transaction((tx) => queueMail(tx, mail('once-1')));
      expect(await db.transaction((tx) => queueMail(tx, mail('once-1')))).toBe(false);
      notifier.kick();
      const [got] = await smtp.waitForMails(1, (m) => m.parsed.subject?.includes('once-1') ?? false);
      expect(got?.parsed.text).toContain('plain once-1');
      expect(got?.parsed.html).toContain('html once-1');
      expect(got?.parsed.messageId).toMatch(/^<[0-9a-f]{40}@coldtrace>$/);
      expect(got?.envelopeTo).toEqual(['qa@maker.example']);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.mails.filter((m) => m.parsed.subject?.includes('once-1'))).toHaveLength(1);
    } finally {
      await notifier.close();
      await smtp.stop();
    }
  });

  it('a mail resent after a crash between sending and marking carries the same Message-ID', async () => {
    const smtp = await TestSmtp.start();
    const notifier = startNotifier({
      config: config(smtp.url),
      logger,
      outbox: new OutboxRepo(db),
      pollMs: 50,
    });
    try {
      await db.transaction((tx) => queueMail(tx, mail('crash-1')));
      notifier.kick();
      await smtp.waitForMails(1, (m) => m.parsed.subject?.includes('crash-1') ?? false);
      // the crash: the relay had the mail, the row was never marked sent
      await db.query("UPDATE mail_outbox SET sent_at = NULL WHERE mail_key = 'crash-1'");
      notifier.kick();
      const both = await smtp.waitForMails(2, (m) => m.parsed.subject?.includes('crash-1') ?? false);
      expect(new Set(both.map((m) => m.parsed.messageId)).size).toBe(1);
      expect(both[0]?.parsed.headers.get('x-coldtrace-mail-key')).toBe('crash-1');
    } finally {
      await notifier.close();
      await smtp.stop();
    }
  });

  it('sends nothing for a transaction that rolled back', async () => {
    const smtp = await TestSmtp.start();
    const notifier = startNotifier({
      config: config(smtp.url),
      logger,
      outbox: new OutboxRepo(db),
      pollMs: 50,
    });
    try {
      await expect(
        db.transaction(async (tx) => {
          await queueMail(tx, mail('rolled-back'));
          throw new Error('alert write failed');
        }),
      ).rejects.toThrow('alert write failed');
      await db.transaction((tx) => queueMail(tx, mail('after-rollback')));
      await smtp.waitForMails(1, (m) => m.parsed.subject?.includes('after-rollback') ?? false);
      expect(smtp.mails.some((m) => m.parsed.subject?.includes('rolled-back'))).toBe(false);
    } finally {
      await notifier.close();
      await smtp.stop();
    }
  });

  it('keeps mails while the relay is down and delivers each exactly once when it returns', async () => {
    const smtp = await TestSmtp.start();
    await smtp.stop();
    const notifier = startNotifier({
      config: config(smtp.url),
      logger,
      outbox: new OutboxRepo(db),
      pollMs: 50,
      retry: { baseDelayMs: 100, maxDelayMs: 400 },
    });
    try {
      for (let i = 0; i < 5; i++) await db.transaction((tx) => queueMail(tx, mail(`outage-${i}`)));
      notifier.kick();
      await new Promise((r) => setTimeout(r, 1_000));
      const attempts = await db.query<{ attempts: number }>(
        "SELECT attempts FROM mail_outbox WHERE mail_key LIKE 'outage-%' AND sent_at IS NULL",
      );
      expect(attempts).toHaveLength(5);
      await smtp.start();
      const got = await smtp.waitForMails(5, (m) => m.parsed.subject?.includes('outage-') ?? false);
      await new Promise((r) => setTimeout(r, 500));
      const subjects = smtp.mails.map((m) => m.parsed.subject ?? '').filter((s) => s.includes('outage-'));
      expect(new Set(subjects).size).toBe(5);
      expect(subjects).toHaveLength(5);
      expect(got).toHaveLength(5);
      await waitUntil(async () => (await new OutboxRepo(db).counts()).pending === 0, 5_000, 'outbox drained');
    } finally {
      await notifier.close();
      await smtp.stop();
    }
  });

  it('once the relay is back, mails go out within the relay probe cap, not the refusal backoff', async () => {
    const smtp = await TestSmtp.start();
    await smtp.stop();
    const notifier = startNotifier({
      config: config(smtp.url),
      logger,
      outbox: new OutboxRepo(db),
      pollMs: 50,
      // the default refusal backoff (1 s doubling to 5 min) would leave these mails for seconds
      relayRetry: { baseDelayMs: 100, maxDelayMs: 300 },
    });
    try {
      for (let i = 0; i < 8; i++) await db.transaction((tx) => queueMail(tx, mail(`probe-${i}`)));
      notifier.kick();
      // down long enough for a 1 s-doubling backoff to reach 4 s
      await new Promise((r) => setTimeout(r, 3_500));
      await smtp.start();
      const back = Date.now();
      await smtp.waitForMails(8, (m) => m.parsed.subject?.includes('probe-') ?? false, 10_000);
      expect(Date.now() - back).toBeLessThan(2_500);
    } finally {
      await notifier.close();
      await smtp.stop();
    }
  });
});

describe('receipt deviation mail (8.1.6)', () => {
  it('reaches the manufacturer with the CSV record attached, once', async () => {
    const smtp = await TestSmtp.start();
    const notifier = startNotifier({
      config: config(smtp.url),
      logger,
      outbox: new OutboxRepo(db),
      pollMs: 50,
    });
    const shipment = {
      id: 'SHP-R',
      manufacturer: { name: 'M', qaEmail: 'qa-receipt@maker.example', locale: 'en' },
      product: { name: 'MSC', cellType: 'MSC', batch: 'B-R', quantity: 1 },
      origin: 'A',
      destination: 'B',
    } as Shipment;
    const verdict = {
      status: 'deviation',
      window: { from: '2026-11-26T00:00:00Z', to: '2026-11-26T06:00:00Z' },
      findings: [
        {
          code: 'RECORD_GAP',
          clause: '8.1.5',
          severity: 'major',
          message: 'gap of 40 min',
          deviceId: 'L1',
          from: '2026-11-26T02:00:00Z',
          to: '2026-11-26T02:40:00Z',
          details: { kind: 'gap', gapMinutes: 40, maxGapMinutes: 15 },
        },
      ],
    } as unknown as Verdict;
    const site = { timeZone: 'Asia/Shanghai', locale: 'zh-CN' as const, publicUrl: 'https://ct.example' };
    try {
      for (let i = 0; i < 2; i++) {
        await db.transaction((tx) =>
          queueReceiptDeviationMail(tx, { shipment, verdict, csv: 'ts,temp_c\n1,5\n' }, site),
        );
      }
      notifier.kick();
      const [got] = await smtp.waitForMails(1, (m) => m.envelopeTo.includes('qa-receipt@maker.example'));
      expect(got?.parsed.subject).toContain('[coldtrace][DEVIATION][SHP-R] RECEIPT RECORD_GAP');
      // the finding in the catalogue's words, the recipient's language (en) first
      expect(got?.parsed.text).toContain('Logger L1: no reading for 40 min');
      expect(got?.parsed.attachments.map((a) => [a.filename, a.content.toString('utf8')])).toEqual([
        ['SHP-R-temperature-record.csv', 'ts,temp_c\n1,5\n'],
      ]);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.mails.filter((m) => m.envelopeTo.includes('qa-receipt@maker.example'))).toHaveLength(1);
    } finally {
      await notifier.close();
      await smtp.stop();
    }
  });
});

describe('notifier without a relay', () => {
  it('writes each mail as an .eml file in <dataDir>/mail', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ct-mail-'));
    const notifier = startNotifier({
      config: config(undefined, dataDir),
      logger,
      outbox: new OutboxRepo(db),
      pollMs: 50,
    });
    try {
      expect(notifier.transport).toBe('eml');
      await db.transaction((tx) => queueMail(tx, mail('eml-1')));
      notifier.kick();
      const files = await waitUntil(async () => {
        const names = (await readdir(path.join(dataDir, 'mail')).catch(() => [])).filter((n) =>
          n.endsWith('.eml'),
        );
        return names.length > 0 ? names : undefined;
      });
      const raw = await readFile(path.join(dataDir, 'mail', files[0] ?? ''), 'utf8');
      expect(raw).toContain('Subject: [coldtrace][ALERT][eml-1] test');
      expect(raw).toContain('Message-ID: <');
      expect(raw).toContain('To: qa@maker.example');
    } finally {
      await notifier.close();
    }
  });
});
