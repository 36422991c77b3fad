-- Transactional outbox (services/notify): a mail is written in the same transaction as the alert or
-- receipt that causes it, and a delivery loop sends it. mail_key makes queueing idempotent, so a
-- replayed episode can never queue its mail twice; message_id is stable across retries so that
-- receivers can de-duplicate a copy resent after a crash between send and mark.
CREATE TABLE IF NOT EXISTS mail_outbox (
  id BIGSERIAL PRIMARY KEY,
  mail_key TEXT NOT NULL UNIQUE,
  message_id TEXT NOT NULL,
  to_addrs TEXT NOT NULL,
  cc_addrs TEXT,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  attachments JSONB NOT NULL DEFAULT '[]'::jsonb,
  created_at_ms BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms BIGINT NOT NULL,
  lease_until_ms BIGINT,
  last_error TEXT,
  sent_at_ms BIGINT
);

CREATE INDEX IF NOT EXISTS mail_outbox_pending ON mail_outbox (next_attempt_at_ms) WHERE sent_at_ms IS NULL;
