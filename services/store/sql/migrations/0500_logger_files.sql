-- Logger files handed over at the door (USB / NFC loggers read on arrival, couriers' portals).
-- The original file is kept verbatim (base64 of its bytes) with its SHA-256, so the record can
-- always be traced back to what the logger gave (10.3, 10.4). One file once per shipment.
CREATE TABLE logger_files (
  id text PRIMARY KEY,
  shipment_id text NOT NULL REFERENCES shipments (id),
  device_id text NOT NULL,
  file_name text NOT NULL,
  media_type text NOT NULL,
  sha256 text NOT NULL,
  size_bytes integer NOT NULL,
  content_base64 text NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'json')),
  readings_count integer NOT NULL,
  first_reading_at timestamptz NOT NULL,
  last_reading_at timestamptz NOT NULL,
  time_zone text NOT NULL,
  columns jsonb,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (shipment_id, sha256)
);
CREATE INDEX logger_files_shipment ON logger_files (shipment_id, uploaded_at);
