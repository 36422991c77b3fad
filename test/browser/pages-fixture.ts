import type { BrowserContext } from 'playwright-core';
import { openAlert } from '../../services/store/sql/alerts-repo.js';
import { deviceBody, profileBody, readingsBetween, shipmentBody } from './scenario.js';
import type { Stack } from './stack.js';

/**
 * A small fleet for looking at every page: a shipment in range and one with an excursion, both in
 * transit; a received deviating shipment (its report carries the receipt); a 2-8 °C fridge in
 * range and one in alarm (the rules worker raises its alert); a record gap alert on a shipment.
 */
export interface PagesFixture {
  passId: string;
  deviationId: string;
  receivedId: string;
}

const HOUR = 3_600_000;

export async function seedPages(stack: Stack, run: string): Promise<PagesFixture> {
  const nowMs = Date.now();
  const dispatchedMs = nowMs - 3 * HOUR;
  const profileId = `P-${run}`;
  await stack.admin('POST', '/profiles', profileBody(profileId));
  const ids = { passId: `SHP-OK-${run}`, deviationId: `SHP-DEV-${run}`, receivedId: `SHP-RCV-${run}` };
  const excursion = { startMs: dispatchedMs + 1.5 * HOUR, endMs: dispatchedMs + 1.5 * HOUR + 25 * 60_000 };
  for (const [shipmentId, loggerId, hot] of [
    [ids.passId, `LOG-OK-${run}`, false],
    [ids.deviationId, `LOG-DEV-${run}`, true],
    [ids.receivedId, `LOG-RCV-${run}`, true],
  ] as const) {
    await stack.admin('POST', '/devices', deviceBody(loggerId));
    await stack.admin('POST', '/shipments', shipmentBody(shipmentId, profileId, loggerId));
    await stack.admin('POST', `/shipments/${shipmentId}/dispatch`, {
      at: new Date(dispatchedMs).toISOString(),
    });
    await stack.readings.writeReadings(
      readingsBetween(loggerId, dispatchedMs - 60_000, nowMs - 1_000, hot ? excursion : undefined),
    );
  }
  await stack.admin('POST', `/shipments/${ids.receivedId}/receipt`, {
    receiverName: '王芳',
    verifierName: '李明',
    checks: {
      labelOk: true,
      packagingOk: false,
      appearanceOk: true,
      documentsOk: true,
      quantityOk: true,
      stateOk: true,
    },
    notes: '外箱一角破损',
  });
  for (const [unitId, name, hot] of [
    [`FRIDGE-${run}`, '病区冰箱 3', false],
    [`FRIDGE-WARM-${run}`, '病区冰箱 4', true],
  ] as const) {
    const sensorId = `SENS-${unitId}`;
    await stack.admin('POST', '/devices', { ...deviceBody(sensorId), kind: 'storage_sensor' });
    await stack.admin('POST', '/storage-units', {
      id: unitId,
      name,
      storageMode: 'refrigerated',
      alarmDelayMinutes: 10,
      deviceIds: [sensorId],
      site: 'Ward 3',
    });
    await stack.readings.writeReadings(
      readingsBetween(
        sensorId,
        nowMs - HOUR,
        nowMs - 1_000,
        hot ? { startMs: nowMs - 30 * 60_000, endMs: nowMs } : undefined,
      ),
    );
  }
  await stack.records.transaction((tx) =>
    openAlert(tx, {
      episodeKey: `shipment:${ids.passId}:LOG-OK-${run}:gap:${nowMs}`,
      kind: 'RECORD_GAP',
      findingCode: 'RECORD_GAP',
      clause: '8.1.5',
      severity: 'major',
      deviceId: `LOG-OK-${run}`,
      shipmentId: ids.passId,
      happenedAtMs: nowMs - 40 * 60_000,
      detectedAtMs: nowMs - 20 * 60_000,
      late: false,
      details: { transition: 'gap_detected', maxGapMinutes: 15 },
    }),
  );
  return ids;
}

export type PageLocale = 'zh-CN' | 'en';

/** The pages keep the chosen language in localStorage; set it before any page script runs. */
export async function useLocale(context: BrowserContext, locale: PageLocale): Promise<void> {
  await context.addInitScript((l) => localStorage.setItem('coldtrace.locale', l), locale);
}
