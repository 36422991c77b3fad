-- Alerts raised by the live rules worker (services/rules). One row per episode: episode_key is
-- unique, so a restart or a replay cannot open the same episode twice. Times are epoch ms UTC:
-- happened_at_ms is device time (when it happened), detected_at_ms server time (when we knew).
CREATE TABLE IF NOT EXISTS alerts (
  id BIGSERIAL PRIMARY KEY,
  episode_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  finding_code TEXT NOT NULL,
  clause TEXT NOT NULL,
  severity TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'closed')),
  device_id TEXT,
  shipment_id TEXT,
  storage_unit_id TEXT,
  item_id TEXT,
  happened_at_ms BIGINT NOT NULL,
  ended_at_ms BIGINT,
  detected_at_ms BIGINT NOT NULL,
  late BOOLEAN NOT NULL DEFAULT FALSE,
  details JSONB NOT NULL DEFAULT '{}'::jsonb,
  acknowledged_by TEXT,
  ack_reason TEXT,
  acknowledged_at_ms BIGINT,
  escalated_at_ms BIGINT,
  closed_at_ms BIGINT,
  updated_at_ms BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS alerts_state ON alerts (state, detected_at_ms);
CREATE INDEX IF NOT EXISTS alerts_shipment ON alerts (shipment_id);
CREATE INDEX IF NOT EXISTS alerts_device ON alerts (device_id);

-- Per-source watermark of what the rules worker has evaluated (device time), so that after a
-- restart it rebuilds each logger's state from InfluxDB from a known point.
CREATE TABLE IF NOT EXISTS rules_cursor (
  source_key TEXT PRIMARY KEY,
  evaluated_to_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
