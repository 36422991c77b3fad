-- Issue 12: the audit chain is keyed. Each row's mac is an HMAC-SHA256 over the previous row's mac
-- and this row's hash, with a key kept outside the database (services/store/audit/audit-key.ts), so
-- a row edited and re-chained with recomputed plain hashes is detected. Rows written before this
-- migration keep mac NULL: the keyed chain starts from the last of them.
ALTER TABLE audit_trail ADD COLUMN mac text;

-- The key's fingerprint (an HMAC of a fixed text, which does not reveal the key): a process started
-- with another key than the one that keyed this chain says so at start, instead of writing rows
-- that verification would then report as re-chained.
CREATE TABLE audit_key_check (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  fingerprint text NOT NULL,
  since timestamptz NOT NULL DEFAULT now()
);
