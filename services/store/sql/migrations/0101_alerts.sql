-- Alerts of the live rules worker (services/rules). One row per episode: episode_key is unique, so
-- neither a restart nor a replayed backlog can open the same episode twice.
-- happened_at is device time (when it happened), detected_at server time (when coldtrace knew).
CREATE TABLE alerts (
  id bigserial PRIMARY KEY,
  episode_key text NOT NULL UNIQUE,
  kind text NOT NULL,
  finding_code text NOT NULL,
  clause text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'minor', 'major', 'critical')),
  state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'closed')),
  device_id text,
  shipment_id text,
  storage_unit_id text,
  item_id text,
  happened_at timestamptz NOT NULL,
  ended_at timestamptz,
  detected_at timestamptz NOT NULL,
  late boolean NOT NULL DEFAULT false,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  acknowledged_by text,
  ack_reason text,
  acknowledged_at timestamptz,
  escalated_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX alerts_state_idx ON alerts (state, detected_at);
CREATE INDEX alerts_shipment_idx ON alerts (shipment_id);
CREATE INDEX alerts_device_idx ON alerts (device_id);
