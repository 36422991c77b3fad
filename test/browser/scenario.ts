import type { Reading } from '../../services/domain/contract.js';

/**
 * A 2-8 °C cell product on a passive box with one logger every 5 minutes, dispatched some hours
 * ago: the data a handover works on. All ids carry a suffix so tests never share records.
 */
export const LOGGING_INTERVAL_S = 300;

export function profileBody(id: string) {
  return {
    id,
    name: 'CAR-T 2-8 °C fresh',
    storageMode: 'refrigerated',
    tempMinC: 2,
    tempMaxC: 8,
    maxTransportMinutes: 480,
    containerTypes: ['passive_2_8_box'],
    maxGapMinutes: 15,
  };
}

export function deviceBody(id: string) {
  return {
    id,
    kind: 'shipper_logger',
    loggingIntervalS: LOGGING_INTERVAL_S,
    calibrationValidUntil: '2030-01-01T00:00:00Z',
    calibrationValidFrom: '2025-01-01T00:00:00Z',
  };
}

export function shipmentBody(id: string, profileId: string, deviceId: string) {
  return {
    id,
    profileId,
    product: { name: 'CAR-T 细胞注射液', cellType: 'CAR-T', batch: `B-${id}`, quantity: 2, state: 'fresh' },
    donor: { type: 'autologous', code: 'D-0042' },
    containerType: 'passive_2_8_box',
    deviceIds: [deviceId],
    manufacturer: { name: 'Suzhou Cell Co.', qaEmail: 'qa@cell.example', locale: 'zh-CN' },
    origin: 'Suzhou GMP plant',
    destination: 'Shanghai Ruijin Hospital',
  };
}

/**
 * Readings from `fromMs` to `toMs` every 5 minutes around 5 °C; `excursion` puts readings at
 * 9.6 °C over [startMs, endMs).
 */
export function readingsBetween(
  deviceId: string,
  fromMs: number,
  toMs: number,
  excursion?: { startMs: number; endMs: number },
): Reading[] {
  const out: Reading[] = [];
  let seq = 0;
  for (let tsMs = fromMs; tsMs <= toMs; tsMs += LOGGING_INTERVAL_S * 1000) {
    const inExcursion = excursion && tsMs >= excursion.startMs && tsMs < excursion.endMs;
    const tempC = inExcursion ? 9.6 : Math.round((5 + Math.sin(seq / 6)) * 100) / 100;
    out.push({ deviceId, tsMs, seq, tempC, batteryPct: 90, receivedAtMs: tsMs + 500 });
    seq++;
  }
  return out;
}
