-- People (issue 14): personal accounts, their sign-in attempts, page sessions and electronic
-- signatures (21 CFR 11.50, 11.70, 11.200). Numbers 0300-0399 belong to people.

-- A scope limits what an account or key sees: scope_org (a manufacturer organisation) and/or
-- scope_site (a destination site); both NULL is global.
CREATE TABLE users (
  id text PRIMARY KEY,
  login text NOT NULL UNIQUE,
  printed_name text NOT NULL,
  email text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
  roles jsonb NOT NULL,
  scope_org text,
  scope_site text,
  -- scrypt hash; NULL until the invitation is taken up
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT false,
  invitation_hash text UNIQUE,
  invitation_expires_at timestamptz,
  password_changed_at timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Failed sign-ins counted per account and address (lockout that cannot lock out the holder).
CREATE TABLE login_attempts (
  login text NOT NULL,
  address text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz NOT NULL,
  locked_until timestamptz,
  PRIMARY KEY (login, address)
);

-- Page sessions: only the sha256 of the cookie's token is kept.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id text NOT NULL REFERENCES users (id),
  csrf_token text NOT NULL,
  address text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  end_reason text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Electronic signatures (11.50: printed name, time, meaning; 11.70: bound to the sha256 of the
-- exact content signed). Append-only like the audit trail.
CREATE TABLE signatures (
  id text PRIMARY KEY,
  record_type text NOT NULL,
  record_id text NOT NULL,
  meaning text NOT NULL,
  signer_id text NOT NULL REFERENCES users (id),
  signer_login text NOT NULL,
  printed_name text NOT NULL,
  signed_at timestamptz NOT NULL,
  content_sha256 text NOT NULL,
  binding_sha256 text NOT NULL,
  UNIQUE (record_type, record_id, meaning, signer_id)
);
CREATE INDEX signatures_record_idx ON signatures (record_type, record_id);

CREATE FUNCTION signatures_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'signatures are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER signatures_no_change BEFORE UPDATE OR DELETE ON signatures
  FOR EACH ROW EXECUTE FUNCTION signatures_append_only();

-- API keys carry a scope too (NULL: global, as every key issued before).
ALTER TABLE api_keys ADD COLUMN scope_org text;
ALTER TABLE api_keys ADD COLUMN scope_site text;
