-- The product's journey after the door (issue 16; 7.7, 7.8, 8.2.4-8.2.6, 10.4, 10.7). Numbers
-- 0900-0999 belong to journey. A product is a stored item that can be followed: what it is (name,
-- batch, cell type, quantity, unit and collection identifiers), the shipment it came in, the
-- profile version whose time limits apply, and every step as an append-only event.

-- 8.2.4: a water bath or dry thawer may report its bath / block temperature like any device.
ALTER TABLE devices DROP CONSTRAINT IF EXISTS devices_kind_check;
ALTER TABLE devices ADD CONSTRAINT devices_kind_check
  CHECK (kind IN ('shipper_logger', 'storage_sensor', 'thaw_device'));

CREATE TABLE products (
  id text PRIMARY KEY,
  body jsonb NOT NULL,
  shipment_id text REFERENCES shipments (id),
  profile_id text,
  profile_version integer,
  -- the site of the unit it is kept at; a site-scoped person sees only its own site's products
  site text NOT NULL,
  -- 7.7: the storage clock starts at the first storage and survives moves
  first_stored_at timestamptz NOT NULL,
  state text NOT NULL,
  -- the thaw device named when the thaw started (8.2.4)
  thaw_device_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (profile_id, profile_version) REFERENCES profiles (id, version)
);
CREATE INDEX products_site_state_idx ON products (site, state);
CREATE INDEX products_shipment_idx ON products (shipment_id);

-- Every step, never changed or removed (10.4: kept at least 15 years). `at` is when it happened,
-- recorded_at when coldtrace learnt of it.
CREATE TABLE product_events (
  id bigserial PRIMARY KEY,
  product_id text NOT NULL REFERENCES products (id),
  kind text NOT NULL CHECK (kind IN ('stored', 'moved', 'removed', 'thaw_started', 'thaw_finished',
    'diluted', 'infused', 'infusion_refused', 'discarded')),
  at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  unit_id text,
  to_unit_id text,
  purpose text CHECK (purpose IS NULL OR purpose IN ('use', 'transfer', 'discard')),
  reason text,
  deviation boolean NOT NULL DEFAULT false,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_id text NOT NULL,
  actor_name text NOT NULL
);
CREATE INDEX product_events_product_idx ON product_events (product_id, id);

CREATE FUNCTION product_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'product events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER product_events_no_change BEFORE UPDATE OR DELETE ON product_events
  FOR EACH ROW EXECUTE FUNCTION product_events_append_only();

-- Items stored before this migration become products with what was known of them: the name.
INSERT INTO products (id, body, site, first_stored_at, state)
  SELECT i.id, jsonb_build_object('name', i.body->>'product'), u.site, i.stored_at,
         CASE WHEN i.removed_at IS NULL THEN 'stored' ELSE 'out' END
  FROM stored_items i JOIN storage_units u ON u.id = i.unit_id;
INSERT INTO product_events (product_id, kind, at, recorded_at, unit_id, actor_id, actor_name)
  SELECT id, 'stored', stored_at, stored_at, unit_id, 'migration', '0900_journey' FROM stored_items;
INSERT INTO product_events (product_id, kind, at, recorded_at, unit_id, actor_id, actor_name)
  SELECT id, 'removed', removed_at, removed_at, unit_id, 'migration', '0900_journey'
  FROM stored_items WHERE removed_at IS NOT NULL;
