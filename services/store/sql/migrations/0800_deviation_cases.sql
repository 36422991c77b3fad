-- The deviation loop (issue 15; 8.1.5, 8.1.6, 10.14): a case per deviation, its signed steps
-- (assessment, question, advice, disposition), the files or texts attached to a step, and the
-- answer time set per manufacturer. Numbers 0800-0899 belong to deviation.

-- A case is about a subject: a shipment now, a stored product later (subject_kind). At most one
-- case per subject is open at a time (a live alert's case is the same one the receipt finds).
CREATE TABLE deviation_cases (
  id text PRIMARY KEY,
  subject_kind text NOT NULL CHECK (subject_kind IN ('shipment', 'stored_product')),
  subject_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('receipt', 'alert', 'manual')),
  source_ref text,
  organisation text NOT NULL,
  site text NOT NULL,
  state text NOT NULL
    CHECK (state IN ('open', 'assessed', 'questioned', 'advised', 'released', 'rejected')),
  -- what the case was opened on: findings, record digest, product, manufacturer QA address
  opening jsonb NOT NULL,
  opened_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  reminder_at timestamptz NOT NULL,
  escalation_at timestamptz NOT NULL,
  -- the latest signed advice (8.1.6): a release needs it to allow use
  latest_advice jsonb,
  advised_at timestamptz,
  disposition jsonb,
  closed_at timestamptz,
  step_count integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX deviation_cases_one_open ON deviation_cases (subject_kind, subject_id)
  WHERE closed_at IS NULL;
CREATE INDEX deviation_cases_org_idx ON deviation_cases (organisation, closed_at);
CREATE INDEX deviation_cases_site_idx ON deviation_cases (site, closed_at);

-- Steps are append-only: a later step supersedes, nothing is rewritten (10.3, 10.14).
CREATE TABLE deviation_case_steps (
  case_id text NOT NULL REFERENCES deviation_cases (id),
  seq integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('assessment', 'question', 'advice', 'disposition')),
  body jsonb NOT NULL,
  state_after text NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  at timestamptz NOT NULL,
  content_sha256 text NOT NULL,
  PRIMARY KEY (case_id, seq)
);

-- Stability data, excursion allowance: text or a small file (base64), its sha256 in the signed step.
CREATE TABLE deviation_case_attachments (
  case_id text NOT NULL,
  seq integer NOT NULL,
  n integer NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  content_base64 text NOT NULL,
  PRIMARY KEY (case_id, seq, n),
  FOREIGN KEY (case_id, seq) REFERENCES deviation_case_steps (case_id, seq)
);

CREATE FUNCTION deviation_steps_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'deviation case steps are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER deviation_case_steps_no_change BEFORE UPDATE OR DELETE ON deviation_case_steps
  FOR EACH ROW EXECUTE FUNCTION deviation_steps_append_only();
CREATE TRIGGER deviation_case_attachments_no_change BEFORE UPDATE OR DELETE ON deviation_case_attachments
  FOR EACH ROW EXECUTE FUNCTION deviation_steps_append_only();

-- The manufacturer's answer time (default 24 h when no row).
CREATE TABLE manufacturer_answer_times (
  organisation text PRIMARY KEY,
  answer_hours numeric NOT NULL CHECK (answer_hours > 0 AND answer_hours <= 720),
  updated_at timestamptz NOT NULL
);

-- The shipment's state follows the case: quarantined -> released | rejected.
ALTER TABLE shipments DROP CONSTRAINT shipments_status_check;
ALTER TABLE shipments ADD CONSTRAINT shipments_status_check
  CHECK (status IN ('created', 'in_transit', 'received', 'accepted', 'quarantined', 'released', 'rejected'));
