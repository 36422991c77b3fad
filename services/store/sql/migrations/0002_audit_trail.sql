-- Audit trail (10.3, 10.14; like 21 CFR 11.10(e)): who, what, when, why, old and new value.
-- Append-only: triggers refuse UPDATE, DELETE and TRUNCATE. Hash-chained: each row's hash covers
-- the previous row's hash and this row's fields (computed by services/store/audit), so a row
-- changed behind the application's back breaks the chain.
-- old_value / new_value are JSON kept as text so that the hashed bytes are the stored bytes.
CREATE TABLE audit_trail (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  reason text,
  old_value text,
  new_value text,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_trail_entity_idx ON audit_trail (entity, entity_id, seq);

CREATE FUNCTION audit_trail_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_trail is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_trail_append_only
  BEFORE UPDATE OR DELETE ON audit_trail
  FOR EACH ROW EXECUTE FUNCTION audit_trail_refuse_change();

CREATE TRIGGER audit_trail_no_truncate
  BEFORE TRUNCATE ON audit_trail
  FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_refuse_change();
