-- Records store (10.3, 10.4: kept at least 15 years, traceable). Times are UTC (timestamptz).
-- Contract bodies are kept whole as jsonb beside the columns the store queries on.

-- Profiles are versioned: a change adds a version, a shipment pins the version it was sent under.
CREATE TABLE profiles (
  id text NOT NULL,
  version integer NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  PRIMARY KEY (id, version)
);

-- Loggers and storage sensors; calibration validity (10.12); the MQTT secret only as a scrypt hash.
CREATE TABLE devices (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('shipper_logger', 'storage_sensor')),
  body jsonb NOT NULL,
  secret_hash text NOT NULL,
  calibration_valid_until timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shipments (
  id text PRIMARY KEY,
  body jsonb NOT NULL,
  profile_id text NOT NULL,
  profile_version integer NOT NULL,
  status text NOT NULL DEFAULT 'created'
    CHECK (status IN ('created', 'in_transit', 'received', 'accepted', 'quarantined')),
  dispatched_at timestamptz,
  received_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (profile_id, profile_version) REFERENCES profiles (id, version)
);
CREATE INDEX shipments_status_idx ON shipments (status);

-- A logger serves many shipments over its life: which one it served when. The window opens at
-- dispatch and closes at receipt; from_at NULL means assigned but not yet dispatched.
CREATE TABLE device_assignments (
  id bigserial PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices (id),
  shipment_id text NOT NULL REFERENCES shipments (id),
  from_at timestamptz,
  to_at timestamptz,
  UNIQUE (device_id, shipment_id),
  CHECK (to_at IS NULL OR (from_at IS NOT NULL AND to_at >= from_at))
);
CREATE INDEX device_assignments_device_idx ON device_assignments (device_id, from_at);

CREATE TABLE storage_units (
  id text PRIMARY KEY,
  body jsonb NOT NULL,
  site text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE storage_unit_devices (
  unit_id text NOT NULL REFERENCES storage_units (id),
  device_id text NOT NULL REFERENCES devices (id),
  PRIMARY KEY (unit_id, device_id)
);

-- Items put into a storage unit (7.7 storage time limit); removed_at set when taken out.
CREATE TABLE stored_items (
  id text PRIMARY KEY,
  unit_id text NOT NULL REFERENCES storage_units (id),
  body jsonb NOT NULL,
  stored_at timestamptz NOT NULL,
  limit_at timestamptz NOT NULL,
  removed_at timestamptz
);
CREATE INDEX stored_items_unit_idx ON stored_items (unit_id) WHERE removed_at IS NULL;

-- 8.1.7: the receipt record and the final verdict computed from it, with the sha256 of the exact
-- readings it was based on. One per shipment.
CREATE TABLE receipts (
  shipment_id text PRIMARY KEY REFERENCES shipments (id),
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  verdict jsonb NOT NULL,
  verdict_status text NOT NULL CHECK (verdict_status IN ('pass', 'deviation')),
  readings_digest text NOT NULL,
  readings_count integer NOT NULL,
  recorded_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- API keys: only the sha256 of the key is kept; revocable, never deleted.
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'logistics', 'receiver', 'qa', 'viewer')),
  key_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
