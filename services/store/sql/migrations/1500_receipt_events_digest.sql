-- Issue 12 (threat model GAP 3): the receipt signs for the loggers' events (lid, door, shock,
-- tilt, coolant) as well as their readings. Receipts recorded before this migration have none:
-- their record check covers the readings only and says so.
ALTER TABLE receipts ADD COLUMN events_digest text;
ALTER TABLE receipts ADD COLUMN events_count integer;
