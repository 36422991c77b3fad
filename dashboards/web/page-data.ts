import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Reading } from '../../services/domain/contract.js';
import { idSchema } from '../../services/domain/contract.js';
import { resolveRange } from '../../services/domain/storage-modes.js';
import type { ReadingsStore } from '../../services/store/readings/readings-store.js';
import type { RecordsStore } from '../../services/store/sql/records-store.js';
import { PageErrors } from './errors.js';

/**
 * What the pages need beyond the public contract, read from the same stores the API uses: the key's
 * role; a shipment's requirements (band, maximum transport time: profiles are admin-only in the
 * contract, but a receiver must see the band on the chart) with each logger's latest reading; the
 * list of storage units; a shipment's audit trail (10.3, 10.4).
 */
export interface PageStores {
  records?: RecordsStore;
  readings?: Pick<ReadingsStore, 'readingPagesOf'>;
}

const ALL_ROLES = ['admin', 'logistics', 'receiver', 'qa', 'viewer'] as const;
/** 10.3 / 10.4: the audit trail is for QA and administrators */
const AUDIT_ROLES = ['admin', 'qa'] as const;
/** how far back the latest reading is looked for */
const LATEST_LOOKBACK_MS = 6 * 3_600_000;

const actorSchema = z.object({ role: z.string(), name: z.string().optional() }).passthrough();
const idParams = z.object({ id: z.string() });
const scopeSchema = z.object({ site: z.string().optional(), organisation: z.string().optional() });

function shipmentId(params: unknown): string {
  const raw = idParams.safeParse(params);
  const id = raw.success ? raw.data.id : '';
  if (!idSchema.safeParse(id).success) throw new PageErrors.badId(id);
  return id;
}

/** The stores handed over in the options, or those the API decorated its instance with. */
function storesOf(app: FastifyInstance, given: PageStores): PageStores {
  const deps = (app as unknown as { deps?: PageStores }).deps;
  return { records: given.records ?? deps?.records, readings: given.readings ?? deps?.readings };
}

async function latestOf(
  readings: Pick<ReadingsStore, 'readingPagesOf'>,
  deviceId: string,
  nowMs: number,
): Promise<Reading | undefined> {
  let last: Reading | undefined;
  for await (const page of readings.readingPagesOf(deviceId, nowMs - LATEST_LOOKBACK_MS, nowMs)) {
    last = page[page.length - 1] ?? last;
  }
  return last;
}

function latestOfAll(readings: Pick<ReadingsStore, 'readingPagesOf'>, deviceIds: string[], nowMs: number) {
  return Promise.all(
    deviceIds.map(async (deviceId) => {
      const r = await latestOf(readings, deviceId, nowMs);
      return r ? { deviceId, tsMs: r.tsMs, tempC: r.tempC } : { deviceId, tsMs: null, tempC: null };
    }),
  );
}

export async function pageDataRoutes(app: FastifyInstance, given: PageStores): Promise<void> {
  app.get('/ui/api/me', { config: { roles: ALL_ROLES } }, async (req) => {
    const actor = actorSchema.safeParse((req as unknown as { actor?: unknown }).actor);
    return actor.success
      ? { role: actor.data.role, name: actor.data.name ?? null }
      : { role: null, name: null };
  });

  app.get('/ui/api/storage-units', { config: { roles: ALL_ROLES } }, async (req) => {
    const { records, readings } = storesOf(app, given);
    if (!records) throw new PageErrors.noRecords();
    // the caller's scope (issue 14): a unit belongs to its site and to no organisation
    const scope = scopeSchema.safeParse((req as unknown as { actor?: { scope?: unknown } }).actor?.scope);
    const seen = scope.success ? scope.data : {};
    const units = (await records.storage.listUnits()).filter(
      (u) => (seen.site === undefined || seen.site === u.site) && seen.organisation === undefined,
    );
    const nowMs = Date.now();
    return Promise.all(
      units.map(async (unit) => ({
        ...unit,
        latest: readings ? await latestOfAll(readings, unit.deviceIds, nowMs) : [],
      })),
    );
  });

  app.get('/ui/api/shipments/:id/audit', { config: { roles: AUDIT_ROLES } }, async (req) => {
    const id = shipmentId(req.params);
    const { records } = storesOf(app, given);
    if (!records) throw new PageErrors.noRecords();
    await records.shipments.get(id); // 404 for an unknown shipment
    const entries = await records.auditOf('shipment', id);
    return entries.map((e) => ({
      seq: e.seq,
      at: e.at,
      actor: e.actorName,
      action: e.action,
      reason: e.reason,
      hash: e.hash,
    }));
  });

  app.get('/ui/api/shipments/:id/context', { config: { roles: ALL_ROLES } }, async (req) => {
    const id = shipmentId(req.params);
    const { records, readings } = storesOf(app, given);
    if (!records) throw new PageErrors.noRecords();
    const stored = await records.shipments.get(id);
    const { profile } = await records.profiles.get(stored.shipment.profileId, stored.profileVersion);
    const range = resolveRange(profile.storageMode, profile.tempMinC, profile.tempMaxC);
    const nowMs = Date.now();
    const latest = readings ? await latestOfAll(readings, stored.shipment.deviceIds, nowMs) : [];
    return {
      shipmentId: stored.shipment.id,
      storageMode: profile.storageMode,
      // JSON has no infinity: an open side of the range is null
      range: {
        minC: Number.isFinite(range.minC) ? range.minC : null,
        maxC: Number.isFinite(range.maxC) ? range.maxC : null,
      },
      maxTransportMinutes: profile.maxTransportMinutes,
      maxGapMinutes: profile.maxGapMinutes,
      dispatchedAt: stored.dispatchedAt ?? null,
      receivedAt: stored.receivedAt ?? null,
      latest,
    };
  });
}
