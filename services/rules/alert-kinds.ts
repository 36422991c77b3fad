import { alertSeverity } from '../domain/alert-severity.js';
import type { AlertKind, Severity } from '../domain/alerts.js';
import type { FindingCode } from '../domain/contract.js';
import { FINDING_CLAUSE } from '../domain/finding.js';
import type { ShipmentTransitionType } from '../domain/shipment-monitor.js';

export interface AlertClass {
  kind: AlertKind;
  findingCode: FindingCode;
  clause: string;
  severity: Severity;
  /** an "ended" mail is sent when the episode closes */
  mailsEnd: boolean;
}

/** `severity` here is the kind's default (in transit); the writer asks the domain's table per scope */
const cls = (
  kind: AlertKind,
  findingCode: FindingCode,
  _legacySeverity: Severity,
  mailsEnd: boolean,
  clause?: string,
): AlertClass => ({
  kind,
  findingCode,
  clause: clause ?? FINDING_CLAUSE[findingCode],
  severity: alertSeverity(kind, { storage: false }),
  mailsEnd,
});

/** Transitions that end an episode opened by an earlier transition of the same key. */
export const ENDING_TRANSITIONS: ReadonlySet<ShipmentTransitionType> = new Set([
  'excursion_ended',
  'rule_ended',
  'gap_ended',
  'coolant_restored',
  'sensor_fault_ended',
  'exposure_ended',
]);

/** What alert a domain transition raises; `storage` for a storage unit's sensor. */
export function transitionClass(type: ShipmentTransitionType, storage: boolean): AlertClass {
  switch (type) {
    case 'excursion_started':
    case 'excursion_ended':
    case 'rule_triggered':
    case 'rule_ended':
    case 'retracted':
      return storage
        ? cls('STORAGE_OUT_OF_RANGE', 'TEMP_OUT_OF_RANGE', 'critical', true, '7.7') // 7.7 storage mode
        : cls('TEMP_EXCURSION', 'TEMP_OUT_OF_RANGE', 'critical', true); // 7.7, 8.1.5
    case 'gap_detected':
    case 'gap_ended':
      return cls('RECORD_GAP', 'RECORD_GAP', 'major', true); // 8.1.5 continuous record
    case 'coolant_low':
    case 'coolant_restored':
      return cls('COOLANT_LOW', 'COOLANT_LOW', 'critical', true); // 8.1.4
    case 'sensor_fault':
    case 'sensor_fault_ended':
      return cls('SENSOR_FAULT', 'SENSOR_FAULT', 'major', true); // 8.1.5 other anomaly
    case 'exposure':
    case 'exposure_ended':
      return cls('EXPOSURE', 'EXPOSURE', 'major', false); // 8.1.5 exposure
    case 'transport_time_exceeded':
      return cls('TRANSPORT_TIME_EXCEEDED', 'TRANSPORT_TIME_EXCEEDED', 'major', false); // 7.7, 8.1.5
    case 'delayed':
      return cls('DELAYED', 'DELAYED', 'minor', false); // 8.1.5
    case 'product_expired':
      return cls('PRODUCT_EXPIRED', 'PRODUCT_EXPIRED', 'critical', false); // 8.1.3
    case 'calibration_expired':
      return cls('CALIBRATION_EXPIRED', 'CALIBRATION_EXPIRED', 'major', false); // 10.12
  }
}

export const TRANSPORT_WARNING = cls('TRANSPORT_TIME_WARNING', 'TRANSPORT_TIME_EXCEEDED', 'minor', false);
export const STORAGE_LIMIT_DUE = cls('STORAGE_LIMIT_DUE', 'PRODUCT_EXPIRED', 'minor', false, '7.7');
export const STORAGE_LIMIT_PASSED = cls('STORAGE_LIMIT_PASSED', 'PRODUCT_EXPIRED', 'critical', false, '7.7');
export const DEVICE_OFFLINE = cls('DEVICE_OFFLINE', 'RECORD_GAP', 'minor', true);
/** issue 16 (7.8): the use-time clock of a product out of storage */
export const USE_TIME_WARNING = cls('USE_TIME_WARNING', 'PRODUCT_EXPIRED', 'minor', false, '7.8');
export const USE_TIME_EXCEEDED = cls('USE_TIME_EXCEEDED', 'PRODUCT_EXPIRED', 'critical', false, '7.8');
