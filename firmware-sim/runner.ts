import type { Finding, FindingCode } from '../services/domain/contract.js';
import { ColdtraceApi } from './api-client.js';
import { simErrors } from './errors.js';
import type { DeviceCredentials } from './mqtt-device.js';
import { type PublishTotals, playTraces } from './publish.js';
import { type DeviceTrace, scenarioStartMs, scenarioTraces } from './scenarios/trace.js';
import type { Expectation, Scenario, ShipmentScenario, StorageScenario } from './scenarios/types.js';

export interface RunOptions {
  /** coldtrace API base URL, e.g. http://127.0.0.1:8080; without it the scenario only publishes */
  apiUrl?: string;
  apiKey?: string;
  mqttUrl: string;
  /** wall-clock seconds the scenario's device time is compressed into */
  realSeconds?: number;
  /** suffix that makes this run's ids unique; random by default */
  runId?: string;
  nowMs?: number;
  /** how long to wait for the published record to be stored before the receipt */
  settleTimeoutMs?: number;
  /** every device's clock runs this far ahead (negative: behind) of true time */
  clockSkewMs?: number;
  /**
   * leave a shipment in transit (no receipt): its outcome is then the provisional verdict, so that
   * a person can receive it on the handover page (the demo does this)
   */
  leaveInTransit?: boolean;
  /** the shipment's destination site (scope of the people who receive it); default the scenario's destination */
  destinationSite?: string;
  /** the manufacturer organisation (scope of its QA); default Demo Cell Therapeutics */
  manufacturer?: string;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface OutcomeCheck {
  ok: boolean;
  statusOk: boolean;
  missing: FindingCode[];
  unexpected: FindingCode[];
}

export interface ScenarioResult {
  scenarioId: string;
  runId: string;
  /** epoch ms of the scenario's minute 0 (the dispatch) */
  deviceStartMs: number;
  ids: { profileId?: string; shipmentId?: string; storageUnitId?: string; deviceIds: string[] };
  published: PublishTotals;
  /** verdict (shipments) or storage status; absent when run without an API */
  outcome?: { status: string; findings: Finding[]; raw: unknown };
  check?: OutcomeCheck;
  wallMs: number;
}

/** Compares an outcome with what the scenario promises (info findings are not deviations). */
export function checkOutcome(
  expect: Omit<Expectation<string>, 'alerts'>,
  outcome: { status: string; findings: Finding[] },
): OutcomeCheck {
  const codes = new Set(outcome.findings.filter((f) => f.severity !== 'info').map((f) => f.code));
  const allowed = new Set([...expect.findingCodes, ...(expect.alsoAllowed ?? [])]);
  const missing = expect.findingCodes.filter((c) => !codes.has(c));
  const unexpected = [...codes].filter((c) => !allowed.has(c));
  const statusOk = outcome.status === expect.status;
  return { ok: statusOk && missing.length === 0 && unexpected.length === 0, statusOk, missing, unexpected };
}

type SetupIds = Omit<ScenarioResult['ids'], 'deviceIds'>;

const newRunId = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Runs one scenario against a coldtrace installation: registers what it needs through the HTTP API,
 * dispatches back-dated to the scenario's minute 0, plays the devices over MQTT on a compressed
 * clock, records the receipt and returns the verdict (or the storage unit's status).
 */
export async function runScenario(scenario: Scenario, opts: RunOptions): Promise<ScenarioResult> {
  const wallStart = Date.now();
  const runId = opts.runId ?? newRunId();
  const log = opts.log ?? (() => {});
  const t0 = scenarioStartMs(scenario, opts.nowMs ?? Date.now());
  const traces = scenarioTraces(scenario, t0, { clockSkewMs: opts.clockSkewMs }).map((t) => ({
    ...t,
    deviceId: `${t.spec.id}-${runId}`,
  }));
  const api = opts.apiUrl ? new ColdtraceApi(opts.apiUrl, opts.apiKey ?? '') : undefined;
  const creds: DeviceCredentials[] = [];
  for (const t of traces) {
    const secret = api
      ? await api.registerDevice({
          id: t.deviceId,
          kind: t.spec.kind,
          loggingIntervalS: t.spec.loggingIntervalS,
          calibrationValidFrom: iso(t0 - 180 * 86_400_000),
          calibrationValidUntil: iso(t0 + 365 * 86_400_000),
          model: `coldtrace-sim ${t.spec.model.kind}`,
        })
      : undefined;
    creds.push({ deviceId: t.deviceId, secret });
  }
  const deviceIds = traces.map((t) => t.deviceId);
  log('devices ready', { scenario: scenario.id, deviceIds, registered: Boolean(api) });

  const setup = api ? await prepare(api, scenario, runId, t0, deviceIds, opts) : { ids: {} };
  const spanMs = (scenario.recordToMin - scenario.recordFromMin) * 60_000;
  const speed = spanMs / ((opts.realSeconds ?? 10) * 1000);
  const published = await playTraces(
    traces.map((trace, i) => ({ trace, creds: creds[i]! })),
    { mqttUrl: opts.mqttUrl, deviceStartMs: t0 + scenario.recordFromMin * 60_000, speed },
  );
  log('published', { scenario: scenario.id, ...published });

  const result: ScenarioResult = {
    scenarioId: scenario.id,
    runId,
    deviceStartMs: t0,
    ids: { ...setup.ids, deviceIds },
    published,
    wallMs: 0,
  };
  if (api) {
    const outcome =
      scenario.kind === 'shipment'
        ? await finishShipment(
            api,
            scenario,
            setup.ids.shipmentId!,
            t0,
            traces,
            opts.settleTimeoutMs ?? 20_000,
            opts.leaveInTransit ?? false,
          )
        : await finishStorage(api, scenario, setup.ids.storageUnitId!, opts.settleTimeoutMs ?? 20_000);
    result.outcome = outcome;
    result.check = checkOutcome(scenario.expect, outcome);
    log('outcome', { scenario: scenario.id, status: outcome.status, ok: result.check.ok });
  }
  result.wallMs = Date.now() - wallStart;
  return result;
}

async function prepare(
  api: ColdtraceApi,
  scenario: Scenario,
  runId: string,
  t0: number,
  deviceIds: string[],
  place: Pick<RunOptions, 'destinationSite' | 'manufacturer'>,
): Promise<{ ids: SetupIds }> {
  const at = (min: number) => iso(t0 + min * 60_000);
  if (scenario.kind === 'storage') {
    const storageUnitId = `${scenario.id}-${runId}`;
    await api.createStorageUnit({ ...scenario.unit, id: storageUnitId, deviceIds });
    return { ids: { storageUnitId } };
  }
  const profileId = `${scenario.id}-${runId}`;
  const shipmentId = `SH-${scenario.id}-${runId}`;
  await api.createProfile({ ...scenario.profile, id: profileId });
  const { expectedArrivalMin, expiresMin, ...shipment } = scenario.shipment;
  const manufacturer = place.manufacturer ?? 'Demo Cell Therapeutics';
  await api.createShipment({
    ...shipment,
    id: shipmentId,
    profileId,
    deviceIds,
    donor: { type: 'autologous', code: `D-${runId}` },
    manufacturer: { name: manufacturer, qaEmail: 'qa@example.com' },
    manufacturerOrg: manufacturer,
    ...(place.destinationSite !== undefined && { destination: place.destinationSite }),
    destinationSite: place.destinationSite ?? shipment.destination,
    expectedArrivalAt: expectedArrivalMin === undefined ? undefined : at(expectedArrivalMin),
    expiresAt: at(expiresMin ?? 30 * 24 * 60),
  });
  await api.dispatch(shipmentId, at(scenario.dispatchAtMin));
  return { ids: { profileId, shipmentId } };
}

async function finishShipment(
  api: ColdtraceApi,
  scenario: ShipmentScenario,
  shipmentId: string,
  t0: number,
  traces: DeviceTrace[],
  settleTimeoutMs: number,
  leaveInTransit: boolean,
): Promise<NonNullable<ScenarioResult['outcome']>> {
  const fromMs = t0 + scenario.dispatchAtMin * 60_000;
  const toMs = t0 + scenario.receiptAtMin * 60_000;
  const expected = traces
    .flatMap((t) => t.items)
    .filter((i) => i.kind === 'reading' && i.payload.ts >= fromMs && i.payload.ts <= toMs).length;
  // QoS 1 acks mean durably spooled; the store may lag a moment behind: wait until it holds them
  await waitFor(async () => (await api.storedReadingCount(shipmentId)) >= expected, settleTimeoutMs).catch(
    () => {
      throw simErrors.recordTimeout(`${expected} readings of shipment ${shipmentId}`);
    },
  );
  const verdict = leaveInTransit
    ? await api.verdict(shipmentId)
    : await api.receipt(shipmentId, {
        receivedAt: iso(toMs),
        receiverName: 'Li Wei (coldtrace-sim)',
        verifierName: 'Zhang Min (coldtrace-sim)',
        // 8.1.3: the simulated receiver also confirms the product state (fresh / frozen)
        checks: {
          labelOk: true,
          packagingOk: true,
          appearanceOk: true,
          documentsOk: true,
          quantityOk: true,
          stateOk: true,
        },
        notes: `scenario ${scenario.id}`,
      });
  return { status: verdict.status, findings: verdict.findings, raw: verdict };
}

async function finishStorage(
  api: ColdtraceApi,
  scenario: StorageScenario,
  unitId: string,
  settleTimeoutMs: number,
): Promise<NonNullable<ScenarioResult['outcome']>> {
  // the unit's status is live: wait until it reflects the whole record (or time runs out)
  let status = await api.storageStatus(unitId);
  await waitFor(async () => {
    status = await api.storageStatus(unitId);
    return checkOutcome(scenario.expect, status).ok;
  }, settleTimeoutMs).catch(() => {});
  return { status: status.status, findings: status.findings, raw: status };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 400));
  }
}
