-- A revoked device is kept (its record is part of the 15-year trail, 10.3) but can no longer log in.
ALTER TABLE devices ADD COLUMN revoked_at timestamptz;
