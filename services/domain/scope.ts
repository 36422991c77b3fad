import type { Shipment } from './contract.js';

/**
 * Who sees what (issue 14). An account or API key has a scope: a manufacturer organisation
 * and/or a destination site; neither means global. A shipment belongs to its manufacturer
 * organisation and its destination site; a storage unit to its site.
 */
export interface Scope {
  organisation?: string;
  site?: string;
}

/** Where a record belongs: the organisation (manufacturer) and the site it is bound for or kept at. */
export interface Belonging {
  organisation?: string;
  site: string;
}

/**
 * A shipment's organisation and site. Shipments recorded before the fields existed (contract v1
 * without `manufacturerOrg` / `destinationSite`) belong to their manufacturer's name and their
 * destination text, so an old record is never global by accident.
 */
export function shipmentBelonging(
  s: Pick<Shipment, 'manufacturer' | 'destination'> & ShipmentScopeFields,
): Belonging {
  return { organisation: s.manufacturerOrg ?? s.manufacturer.name, site: s.destinationSite ?? s.destination };
}

export interface ShipmentScopeFields {
  manufacturerOrg?: string;
  destinationSite?: string;
}

/**
 * True when a holder of `scope` may see the record: every part of the scope that is set must match.
 * A site-scoped person sees only what is bound for (or kept at) that site; an organisation-scoped one
 * only that manufacturer's records. A record without an organisation (a storage unit) is visible to
 * an organisation scope only when the scope names no organisation.
 */
export function inScope(scope: Scope | undefined, record: Belonging): boolean {
  if (!scope) return true;
  if (scope.site !== undefined && scope.site !== record.site) return false;
  if (scope.organisation !== undefined && scope.organisation !== record.organisation) return false;
  return true;
}

export const isGlobal = (scope: Scope | undefined): boolean =>
  !scope || (scope.site === undefined && scope.organisation === undefined);
