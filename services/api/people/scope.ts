import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { StorageUnit } from '../../domain/contract.js';
import { type Belonging, inScope, isGlobal, type Scope, shipmentBelonging } from '../../domain/scope.js';
import { PeopleErrors } from '../../store/people/errors.js';
import { AlertErrors } from '../../store/sql/alert-errors.js';
import type { AlertRecord } from '../../store/sql/alerts-repo.js';
import { StoreErrors } from '../../store/sql/errors.js';
import { JourneyErrors } from '../../store/sql/journey-errors.js';
import type { RecordsStore } from '../../store/sql/records-store.js';
import type { StoredShipment } from '../../store/sql/shipments-repo.js';

/**
 * Scopes on every route (issue 14). A record outside the caller's scope answers exactly as an
 * unknown one (404 with the id the caller sent, nothing else), so no existence leaks; creating a
 * record outside one's scope is 403 CT_SCOPE_REFUSED. Lists filter.
 */
export const scopeOf = (req: FastifyRequest): Scope | undefined => req.actor?.scope;

export const unitBelonging = (u: Pick<StorageUnit, 'site'>): Belonging => ({ site: u.site });

export function seesShipment(scope: Scope | undefined, s: StoredShipment): boolean {
  return inScope(scope, shipmentBelonging(s.shipment));
}

/** Where an alert belongs: its shipment's or its storage unit's place; undefined when neither exists. */
export async function alertBelonging(records: RecordsStore, a: AlertRecord): Promise<Belonging | undefined> {
  try {
    if (a.shipmentId) return shipmentBelonging((await records.shipments.get(a.shipmentId)).shipment);
    if (a.storageUnitId) return unitBelonging(await records.storage.getUnit(a.storageUnitId));
  } catch {
    return undefined;
  }
  return undefined;
}

/** Alerts the scope may see (a global scope sees all, also those of no shipment or unit). */
export async function visibleAlerts(
  records: RecordsStore,
  scope: Scope | undefined,
  alerts: AlertRecord[],
): Promise<AlertRecord[]> {
  if (isGlobal(scope)) return alerts;
  const out: AlertRecord[] = [];
  for (const a of alerts) {
    const b = await alertBelonging(records, a);
    if (b && inScope(scope, b)) out.push(a);
  }
  return out;
}

/** 403 when a record about to be created would lie outside the caller's scope. */
export function refuseOutsideScope(scope: Scope | undefined, belonging: Belonging): void {
  if (!inScope(scope, belonging)) throw new PeopleErrors.scopeRefused();
}

async function deviceVisible(records: RecordsStore, scope: Scope, deviceId: string): Promise<boolean> {
  for (const a of await records.shipments.assignmentsOf(deviceId)) {
    const s = await records.shipments.get(a.shipmentId).catch(() => undefined);
    if (s && seesShipment(scope, s)) return true;
  }
  for (const u of await records.storage.listUnits()) {
    if (u.deviceIds.includes(deviceId) && inScope(scope, unitBelonging(u))) return true;
  }
  return false;
}

/** Is `inner` at least as narrow as `outer` (a scoped admin's keys and accounts)? */
export function within(outer: Scope, inner: Scope): boolean {
  if (outer.site !== undefined && inner.site !== outer.site) return false;
  if (outer.organisation !== undefined && inner.organisation !== outer.organisation) return false;
  return true;
}

/** The check before the handler of every route naming a scoped record by its id. */
export const scopePlugin = fp(
  async (app: FastifyInstance, opts: { records: RecordsStore; prefix: string }) => {
    const { records, prefix } = opts;
    // before the body is validated: an out-of-scope record is 404 whatever the body says
    app.addHook('preValidation', async (req) => {
      const scope = scopeOf(req);
      if (isGlobal(scope) || !scope) return;
      const url = req.routeOptions.url ?? '';
      if (!url.startsWith(prefix)) return;
      const route = url.slice(prefix.length);
      const id = String((req.params as { id?: unknown } | undefined)?.id ?? '');
      if (route.startsWith('/shipments/:id')) {
        const s = await records.shipments.get(id);
        if (!seesShipment(scope, s)) throw new StoreErrors.shipmentNotFound(id);
      } else if (route.startsWith('/storage-units/:id')) {
        const u = await records.storage.getUnit(id);
        if (!inScope(scope, unitBelonging(u))) throw new StoreErrors.storageUnitNotFound(id);
      } else if (route.startsWith('/products/:id')) {
        // issue 16: a product belongs to the site of the unit it was kept at
        const p = await records.products.get(id);
        if (!inScope(scope, { site: p.site })) throw new JourneyErrors.productNotFound(id);
      } else if (route.startsWith('/alerts/:id')) {
        const b = await alertBelonging(records, await records.alerts.get(Number(id)));
        if (!b || !inScope(scope, b)) throw new AlertErrors.alertNotFound(id);
      } else if (route.startsWith('/devices/:id')) {
        if (!(await deviceVisible(records, scope, id))) throw new StoreErrors.deviceNotFound(id);
      } else if (route.startsWith('/profiles/:id')) {
        const used = (await records.shipments.list({ limit: 1000 })).some(
          (s) => s.shipment.profileId === id && seesShipment(scope, s),
        );
        if (!used) throw new StoreErrors.profileNotFound(id);
      } else if (route.startsWith('/api-keys/:id')) {
        const key = (await records.apiKeys.list()).find((k) => k.id === id);
        if (!key || !within(scope, key.scope)) throw new StoreErrors.apiKeyNotFound(id);
      }
    });
  },
  { name: 'coldtrace-scope', fastify: '5.x', dependencies: ['coldtrace-auth'] },
);
