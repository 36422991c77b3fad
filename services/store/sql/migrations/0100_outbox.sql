-- Transactional outbox (services/notify): a mail is written in the same transaction as the alert or
-- receipt that causes it, and the delivery loop sends it. mail_key makes queueing idempotent, so a
-- replayed episode can never queue its mail twice; message_id is stable across retries so that a
-- receiver can de-duplicate the copy resent after a crash between sending and marking it sent.
CREATE TABLE mail_outbox (
  id bigserial PRIMARY KEY,
  mail_key text NOT NULL UNIQUE,
  message_id text NOT NULL,
  to_addrs text NOT NULL,
  cc_addrs text,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  last_error text,
  sent_at timestamptz
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
