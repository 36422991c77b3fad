import type { ProductInfo, Profile, StoredItemInput } from '../../domain/contract.js';
import {
  allowedFrom,
  type ProductEventKind,
  type ProductState,
  type RemovalPurpose,
  stateAfter,
} from '../../domain/product-journey.js';
import { type Actor, appendAudit } from '../audit/audit-trail.js';
import { StoreErrors } from './errors.js';
import { JourneyErrors } from './journey-errors.js';
import { isUniqueViolation } from './rows.js';
import { fromJson, type SqlDb, type SqlQueryable, toIso, toIsoOrUndefined } from './sql-db.js';
import type { StoredItem } from './storage-repo.js';

const DAY_MS = 86_400_000;

/** A product that can be followed (issue 16): the stored item's id, what the label says, where it is. */
export interface ProductRecord {
  id: string;
  product: ProductInfo | { name: string; batch?: string };
  shipmentId?: string;
  profileId?: string;
  profileVersion?: number;
  /** the profile version whose time limits apply (7.7, 7.8) */
  profile?: Profile;
  site: string;
  /** 7.7: the storage clock runs from here, across moves */
  firstStoredAt: string;
  storageLimitDays?: number;
  limitAt?: string;
  state: ProductState;
  /** the unit it is in now (absent once taken out) */
  unitId?: string;
  thawDeviceId?: string;
}

export interface ProductEvent {
  /** `pev_<n>`: what a signature on this step names */
  id: string;
  seq: number;
  productId: string;
  kind: ProductEventKind;
  at: string;
  recordedAt: string;
  unitId?: string;
  toUnitId?: string;
  purpose?: RemovalPurpose;
  reason?: string;
  deviation: boolean;
  details: Record<string, unknown>;
  actor: Actor;
}

export interface NewProductEvent {
  kind: ProductEventKind;
  atMs: number;
  unitId?: string;
  toUnitId?: string;
  purpose?: RemovalPurpose;
  reason?: string;
  deviation?: boolean;
  details?: Record<string, unknown>;
  /** set the product's thaw device (thaw started) */
  thawDeviceId?: string;
}

/** Signs the step inside its transaction (people/signing.ts supplies it); the content is what is bound. */
export type SignStep = (tx: SqlQueryable, recordId: string, content: unknown) => Promise<void>;

export interface ProductToStore {
  id: string;
  product: ProductRecord['product'];
  shipmentId?: string;
  profileId?: string;
  profileVersion?: number;
  storedAtMs: number;
  storageLimitDays: number;
  /** the legacy body's product text (contract v1 `product: string`) */
  productText?: string;
}

interface ProductRow {
  id: string;
  body: unknown;
  shipment_id: string | null;
  profile_id: string | null;
  profile_version: number | null;
  profile_body: unknown;
  site: string;
  first_stored_at: Date;
  state: ProductState;
  thaw_device_id: string | null;
  unit_id: string | null;
  item_body: unknown;
  limit_at: Date | null;
}

interface EventRow {
  id: string | number;
  product_id: string;
  kind: ProductEventKind;
  at: Date;
  recorded_at: Date;
  unit_id: string | null;
  to_unit_id: string | null;
  purpose: RemovalPurpose | null;
  reason: string | null;
  deviation: boolean;
  details: unknown;
  actor_id: string;
  actor_name: string;
}

const PRODUCT_SELECT = `SELECT p.id, p.body, p.shipment_id, p.profile_id, p.profile_version, pr.body AS profile_body,
    p.site, p.first_stored_at, p.state, p.thaw_device_id,
    (SELECT i.unit_id FROM stored_items i WHERE i.id = p.id AND i.removed_at IS NULL) AS unit_id,
    (SELECT i.body FROM stored_items i WHERE i.id = p.id) AS item_body,
    (SELECT i.limit_at FROM stored_items i WHERE i.id = p.id) AS limit_at
  FROM products p LEFT JOIN profiles pr ON pr.id = p.profile_id AND pr.version = p.profile_version`;

const toProduct = (r: ProductRow): ProductRecord => {
  const item = r.item_body ? fromJson<StoredItemInput>(r.item_body) : undefined;
  return {
    id: r.id,
    product: fromJson<ProductRecord['product']>(r.body),
    shipmentId: r.shipment_id ?? undefined,
    profileId: r.profile_id ?? undefined,
    profileVersion: r.profile_version === null ? undefined : Number(r.profile_version),
    profile: r.profile_body ? fromJson<Profile>(r.profile_body) : undefined,
    site: r.site,
    firstStoredAt: toIso(r.first_stored_at),
    storageLimitDays: item?.storageLimitDays,
    limitAt: toIsoOrUndefined(r.limit_at),
    state: r.state,
    unitId: r.unit_id ?? undefined,
    thawDeviceId: r.thaw_device_id ?? undefined,
  };
};

export const productEventId = (seq: number | string) => `pev_${seq}`;

const toEvent = (r: EventRow): ProductEvent => ({
  id: productEventId(r.id),
  seq: Number(r.id),
  productId: r.product_id,
  kind: r.kind,
  at: toIso(r.at),
  recordedAt: toIso(r.recorded_at),
  unitId: r.unit_id ?? undefined,
  toUnitId: r.to_unit_id ?? undefined,
  purpose: r.purpose ?? undefined,
  reason: r.reason ?? undefined,
  deviation: r.deviation,
  details: fromJson<Record<string, unknown>>(r.details) ?? {},
  actor: { id: r.actor_id, name: r.actor_name },
});

/** The exact content a step's signature is bound to (11.70). */
export function productEventContent(e: ProductEvent) {
  return {
    record: 'product_event',
    productId: e.productId,
    kind: e.kind,
    at: e.at,
    unitId: e.unitId,
    toUnitId: e.toUnitId,
    purpose: e.purpose,
    reason: e.reason,
    deviation: e.deviation,
    details: e.details,
  };
}

export interface ProductSnapshot {
  product: ProductRecord;
  events: ProductEvent[];
}

/**
 * Products and their steps (issue 16). Each step is one transaction: the product row locked, the
 * state checked against the domain's journey, the event appended, the item's placement changed,
 * the audit entry and the signatures written together.
 */
export class ProductsRepo {
  constructor(private readonly db: SqlDb) {}

  async get(id: string, db: SqlQueryable = this.db): Promise<ProductRecord> {
    const rows = await db.query<ProductRow>(`${PRODUCT_SELECT} WHERE p.id = $1`, [id]);
    if (!rows[0]) throw new JourneyErrors.productNotFound(id);
    return toProduct(rows[0]);
  }

  async find(id: string): Promise<ProductRecord | undefined> {
    const rows = await this.db.query<ProductRow>(`${PRODUCT_SELECT} WHERE p.id = $1`, [id]);
    return rows[0] ? toProduct(rows[0]) : undefined;
  }

  async list(filter: { site?: string; states?: readonly ProductState[]; limit?: number } = {}) {
    const rows = await this.db.query<ProductRow>(
      `${PRODUCT_SELECT} WHERE ($1::text IS NULL OR p.site = $1) ORDER BY p.updated_at DESC, p.id LIMIT $2`,
      [filter.site ?? null, filter.limit ?? 500],
    );
    const all = rows.map(toProduct);
    return filter.states ? all.filter((p) => filter.states!.includes(p.state)) : all;
  }

  async events(productId: string, db: SqlQueryable = this.db): Promise<ProductEvent[]> {
    const rows = await db.query<EventRow>('SELECT * FROM product_events WHERE product_id = $1 ORDER BY id', [
      productId,
    ]);
    return rows.map(toEvent);
  }

  /** Products of a shipment (the shipment's timeline links to them). */
  async ofShipment(shipmentId: string): Promise<ProductRecord[]> {
    const rows = await this.db.query<ProductRow>(`${PRODUCT_SELECT} WHERE p.shipment_id = $1 ORDER BY p.id`, [
      shipmentId,
    ]);
    return rows.map(toProduct);
  }

  /** Puts a product into a unit: its item (7.7 limit from now on) and the `stored` step. */
  async store(
    unitId: string,
    p: ProductToStore,
    nowMs: number,
    actor: Actor,
    sign?: SignStep,
  ): Promise<{ item: StoredItem; product: ProductRecord; event: ProductEvent }> {
    const limitAtMs = p.storedAtMs + p.storageLimitDays * DAY_MS;
    try {
      return await this.db.transaction(async (tx) => {
        const unit = await tx.query<{ site: string }>('SELECT site FROM storage_units WHERE id = $1', [
          unitId,
        ]);
        if (!unit[0]) throw new StoreErrors.storageUnitNotFound(unitId);
        const itemBody: StoredItemInput = {
          id: p.id,
          product: p.productText ?? p.product.name,
          storageLimitDays: p.storageLimitDays,
          storedAt: new Date(p.storedAtMs).toISOString(),
        };
        await tx.query(
          'INSERT INTO stored_items (id, unit_id, body, stored_at, limit_at) VALUES ($1, $2, $3, $4, $5)',
          [
            p.id,
            unitId,
            JSON.stringify(itemBody),
            new Date(p.storedAtMs).toISOString(),
            new Date(limitAtMs).toISOString(),
          ],
        );
        await tx.query(
          `INSERT INTO products (id, body, shipment_id, profile_id, profile_version, site, first_stored_at, state)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'stored')`,
          [
            p.id,
            JSON.stringify(p.product),
            p.shipmentId ?? null,
            p.profileId ?? null,
            p.profileVersion ?? null,
            unit[0].site,
            new Date(p.storedAtMs).toISOString(),
          ],
        );
        const event = await this.insertEvent(
          tx,
          p.id,
          { kind: 'stored', atMs: p.storedAtMs, unitId },
          nowMs,
          actor,
        );
        await appendAudit(tx, {
          actor,
          action: 'store',
          entity: 'stored_item',
          entityId: p.id,
          newValue: {
            ...itemBody,
            unitId,
            limitAt: new Date(limitAtMs).toISOString(),
            product: p.product,
            shipmentId: p.shipmentId,
          },
        });
        await sign?.(tx, event.id, productEventContent(event));
        const item: StoredItem = {
          id: p.id,
          unitId,
          product: itemBody.product,
          storageLimitDays: p.storageLimitDays,
          storedAt: new Date(p.storedAtMs).toISOString(),
          limitAt: new Date(limitAtMs).toISOString(),
        };
        return { item, product: await this.get(p.id, tx), event };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new StoreErrors.itemExists(p.id);
      throw err;
    }
  }

  /**
   * Appends one step after checking it against the locked product and its events. `decide` sees the
   * snapshot and returns the step (it may throw a refusal, or return an `infusion_refused` step).
   */
  async append(
    productId: string,
    decide: (snap: ProductSnapshot) => NewProductEvent,
    nowMs: number,
    actor: Actor,
    sign?: SignStep,
    /** runs in the same transaction once the step is written (a deviation opens its case here) */
    after?: (tx: SqlQueryable, product: ProductRecord, event: ProductEvent) => Promise<void>,
  ): Promise<{ product: ProductRecord; event: ProductEvent }> {
    return this.db.transaction((tx) => this.appendIn(tx, productId, decide, nowMs, actor, sign, after));
  }

  /** append inside a transaction the caller holds (a deviation case's disposition discards here) */
  async appendIn(
    tx: SqlQueryable,
    productId: string,
    decide: (snap: ProductSnapshot) => NewProductEvent,
    nowMs: number,
    actor: Actor,
    sign?: SignStep,
    after?: (tx: SqlQueryable, product: ProductRecord, event: ProductEvent) => Promise<void>,
  ): Promise<{ product: ProductRecord; event: ProductEvent }> {
    const locked = await tx.query('SELECT id FROM products WHERE id = $1 FOR UPDATE', [productId]);
    if (locked.length === 0) throw new JourneyErrors.productNotFound(productId);
    const before = await this.get(productId, tx);
    const step = decide({ product: before, events: await this.events(productId, tx) });
    const needsThaw = before.profile?.thaw !== undefined;
    if (!allowedFrom(step.kind, needsThaw).includes(before.state)) {
      throw new JourneyErrors.stepNotAllowed(step.kind, before.state);
    }
    const next = stateAfter(before.state, step);
    if (step.kind === 'moved') {
      const target = await tx.query<{ site: string }>('SELECT site FROM storage_units WHERE id = $1', [
        step.toUnitId ?? '',
      ]);
      if (!target[0]) throw new StoreErrors.storageUnitNotFound(step.toUnitId ?? '');
      // a move keeps the product at its site; leaving the site is a removal for transfer
      if (target[0].site !== before.site)
        throw new JourneyErrors.moveOtherSite(step.toUnitId ?? '', before.site);
      if (step.toUnitId === before.unitId) throw new JourneyErrors.moveSameUnit(step.toUnitId ?? '');
      // the item keeps stored_at and limit_at: 7.7 the storage clock runs from the first storage
      await tx.query('UPDATE stored_items SET unit_id = $2 WHERE id = $1 AND removed_at IS NULL', [
        productId,
        step.toUnitId ?? '',
      ]);
    }
    if (step.kind === 'removed') {
      await tx.query('UPDATE stored_items SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL', [
        productId,
        new Date(step.atMs).toISOString(),
      ]);
    }
    await tx.query(
      `UPDATE products SET state = $2, updated_at = $3, thaw_device_id = COALESCE($4, thaw_device_id) WHERE id = $1`,
      [productId, next, new Date(nowMs).toISOString(), step.thawDeviceId ?? null],
    );
    const event = await this.insertEvent(tx, productId, step, nowMs, actor);
    await appendAudit(tx, {
      actor,
      action: step.kind,
      entity: 'stored_item',
      entityId: productId,
      reason: step.reason,
      oldValue: { state: before.state, unitId: before.unitId },
      newValue: { state: next, event: productEventContent(event) },
    });
    await sign?.(tx, event.id, productEventContent(event));
    const product = await this.get(productId, tx);
    await after?.(tx, product, event);
    return { product, event };
  }

  private async insertEvent(
    tx: SqlQueryable,
    productId: string,
    e: NewProductEvent,
    nowMs: number,
    actor: Actor,
  ): Promise<ProductEvent> {
    const rows = await tx.query<EventRow>(
      `INSERT INTO product_events (product_id, kind, at, recorded_at, unit_id, to_unit_id, purpose, reason,
         deviation, details, actor_id, actor_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING *`,
      [
        productId,
        e.kind,
        new Date(e.atMs).toISOString(),
        new Date(nowMs).toISOString(),
        e.unitId ?? null,
        e.toUnitId ?? null,
        e.purpose ?? null,
        e.reason ?? null,
        e.deviation ?? false,
        JSON.stringify(e.details ?? {}),
        actor.id,
        actor.name,
      ],
    );
    return toEvent(rows[0]!);
  }
}
