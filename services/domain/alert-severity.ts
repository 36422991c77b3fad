/**
 * What an alert's severity means, decided once here and used by the rules worker, the pages and the
 * mails. The words are the issue's (#17) and the users':
 *
 * | severity | means | alerts |
 * |---|---|---|
 * | critical | the product is at risk now | out of range in storage or in transit beyond what the profile tolerates; coolant low; a storage sensor silent past the unit's limit while the unit holds product; storage limit or expiry passed |
 * | major    | the record or the handling is in doubt; someone must look today | a hole in a shipment's record; sensor fault; exposure (lid, door, light, shock, tilt); transport time exceeded; calibration expired; a silent sensor on an empty unit |
 * | minor    | a warning before anything is lost | inside the warning band of the range; 80 % of the transport time; late arrival; storage limit due soon |
 * | info     | for the record, no action | a device saying it went offline (its silence is judged on its own) |
 *
 * Lists show the most severe first, and among equals the oldest first (it has waited longest).
 */
import type { Finding } from './contract.js';

export type Severity = Finding['severity'];

export const SEVERITIES = ['critical', 'major', 'minor', 'info'] as const satisfies readonly Severity[];

/** 0 = most severe */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, major: 1, minor: 2, info: 3 };

/** Where the alert happens: a storage unit (holding items or not) or a shipment in transit. */
export interface AlertScope {
  storage: boolean;
  /** a storage unit holds at least one item (a shipment always carries product) */
  loaded?: boolean;
}

type Rule = Severity | ((scope: AlertScope) => Severity);

/** The rule table: alert kind -> severity (a function where the scope decides). */
export const ALERT_SEVERITY: Readonly<Record<string, Rule>> = {
  TEMP_EXCURSION: 'critical', // 7.7, 8.1.5: beyond the profile's tolerance
  STORAGE_OUT_OF_RANGE: 'critical', // 7.7 storage mode
  COOLANT_LOW: 'critical', // 8.1.4
  STORAGE_LIMIT_PASSED: 'critical', // 7.7 storage time limit
  PRODUCT_EXPIRED: 'critical', // 8.1.3
  // 8.1.5: a hole in a shipment's record; a silent sensor on a loaded unit leaves product unwatched
  RECORD_GAP: (s) => (s.storage ? (s.loaded ? 'critical' : 'major') : 'major'),
  SENSOR_FAULT: 'major',
  EXPOSURE: 'major',
  TRANSPORT_TIME_EXCEEDED: 'major',
  CALIBRATION_EXPIRED: 'major', // 10.12
  TEMP_WARNING: 'minor', // pre-alarm: inside the range, in its warning band
  TRANSPORT_TIME_WARNING: 'minor', // pre-alarm: 80 % of the maximum transport time
  DELAYED: 'minor',
  STORAGE_LIMIT_DUE: 'minor',
  DEVICE_OFFLINE: 'info',
  USE_TIME_EXCEEDED: 'critical', // 7.8: past the time limit of use: do not use
  USE_TIME_WARNING: 'minor', // 7.8 pre-alarm: 80 % of the time limit of use
};

/** The severity of an alert of `kind` in `scope`; an unknown kind is major (someone should look). */
export function alertSeverity(kind: string, scope: AlertScope): Severity {
  const rule = ALERT_SEVERITY[kind];
  if (rule === undefined) return 'major';
  return typeof rule === 'function' ? rule(scope) : rule;
}

/** Sort order of alert lists: severity first, then age (oldest first), then id. */
export function compareAlerts(
  a: { severity: Severity; happenedAtMs: number; id?: number },
  b: { severity: Severity; happenedAtMs: number; id?: number },
): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.happenedAtMs - b.happenedAtMs ||
    (a.id ?? 0) - (b.id ?? 0)
  );
}
