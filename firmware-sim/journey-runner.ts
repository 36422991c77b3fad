import { ColdtraceApi } from './api-client.js';
import { simErrors } from './errors.js';
import type { DeviceCredentials } from './mqtt-device.js';
import { playTraces } from './publish.js';
import type { RunOptions, ScenarioResult } from './runner.js';
import { scenarioStartMs, scenarioTraces } from './scenarios/trace.js';
import type { JourneyScenario } from './scenarios/types.js';

const newRunId = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const iso = (ms: number) => new Date(ms).toISOString();

export interface JourneyResult extends ScenarioResult {
  ids: ScenarioResult['ids'] & { productId: string; storageUnitId: string; thawDeviceId: string };
  /** how the API judged the thaw (8.2.4) and how many steps the product's timeline shows */
  thaw?: string;
  timelineKinds: string[];
}

/**
 * Runs a product-journey scenario (issue 16) against coldtrace: registers the tank sensor and the
 * thaw device, the profile and the tank, stores the product back-dated to minute 0, plays the
 * devices over MQTT on a compressed clock, waits until the thaw device's record is stored, then
 * records the ward's steps at their scenario times (taken out, thaw started on the device, thaw
 * finished, diluted, infused). The outcome is the API's answer to the infusion.
 */
export async function runJourney(
  scenario: JourneyScenario,
  opts: RunOptions & { apiUrl: string; apiKey: string },
): Promise<JourneyResult> {
  const wallStart = Date.now();
  const runId = opts.runId ?? newRunId();
  const log = opts.log ?? (() => {});
  const t0 = scenarioStartMs(scenario, opts.nowMs ?? Date.now());
  const at = (min: number) => iso(t0 + min * 60_000);
  const api = new ColdtraceApi(opts.apiUrl, opts.apiKey);
  const traces = scenarioTraces(scenario, t0).map((t) => ({ ...t, deviceId: `${t.spec.id}-${runId}` }));
  const creds: DeviceCredentials[] = [];
  for (const t of traces) {
    const secret = await api.registerDevice({
      id: t.deviceId,
      kind: t.spec.kind,
      loggingIntervalS: t.spec.loggingIntervalS,
      calibrationValidFrom: iso(t0 - 180 * 86_400_000),
      calibrationValidUntil: iso(t0 + 365 * 86_400_000),
      model: `coldtrace-sim ${t.spec.model.kind}`,
    });
    creds.push({ deviceId: t.deviceId, secret });
  }
  const bath = traces.find((t) => t.spec.kind === 'thaw_device');
  if (!bath) throw simErrors.usage(`scenario ${scenario.id} has no thaw_device`);
  const sensors = traces.filter((t) => t.spec.kind === 'storage_sensor').map((t) => t.deviceId);
  const profileId = `${scenario.id}-${runId}`;
  const storageUnitId = `TANK-${scenario.id}-${runId}`;
  const productId = `BAG-${scenario.id}-${runId}`;
  await api.createProfile({ ...scenario.profile, id: profileId });
  await api.createStorageUnit({ ...scenario.unit, id: storageUnitId, deviceIds: sensors });
  await api.storeProduct(storageUnitId, {
    id: productId,
    product: scenario.product,
    profileId,
    storedAt: at(scenario.steps.storedAtMin),
  });
  log('product stored', { scenario: scenario.id, productId, storageUnitId });

  const spanMs = (scenario.recordToMin - scenario.recordFromMin) * 60_000;
  const published = await playTraces(
    traces.map((trace, i) => ({ trace, creds: creds[i]! })),
    {
      mqttUrl: opts.mqttUrl,
      deviceStartMs: t0 + scenario.recordFromMin * 60_000,
      speed: spanMs / ((opts.realSeconds ?? 10) * 1000),
    },
  );
  log('published', { scenario: scenario.id, ...published });

  // the thaw is judged from the stored bath record: wait until it is all there (8.2.4)
  const s = scenario.steps;
  const expected = bath.items.filter((i) => i.kind === 'reading').length;
  const deadline = Date.now() + (opts.settleTimeoutMs ?? 20_000);
  for (;;) {
    const n = await api.deviceReadingCount(
      bath.deviceId,
      at(s.thawStartedAtMin - 1),
      at(s.thawFinishedAtMin + 1),
    );
    if (n >= expected) break;
    if (Date.now() > deadline) throw simErrors.recordTimeout(`${expected} readings of ${bath.deviceId}`);
    await new Promise((r) => setTimeout(r, 300));
  }

  await api.removeProduct(storageUnitId, productId, { purpose: 'use', at: at(s.removedAtMin) });
  const steps: [Parameters<ColdtraceApi['productStep']>[1], number, Record<string, unknown>][] = [
    ['thaw-started', s.thawStartedAtMin, { thawDeviceId: bath.deviceId }],
    ['thaw-finished', s.thawFinishedAtMin, {}],
    ...(s.dilutedAtMin === undefined ? [] : [['diluted', s.dilutedAtMin, {}] as (typeof steps)[number]]),
    ['infused', s.infusedAtMin, { productIdentifier: productId }],
  ];
  let status = '';
  for (const [step, min, body] of steps) {
    const answer = await api.productStep(productId, step, { ...body, at: at(min) });
    if (!answer.ok) {
      if (step === 'infused' && answer.code === 'CT_INFUSION_REFUSED') status = 'refused';
      else throw simErrors.api('POST', `/products/${productId}/${step}`, answer.status, answer.code);
    } else if (step === 'infused') status = answer.view.deviation ? 'deviation' : 'infused';
    log('step', { scenario: scenario.id, step, at: at(min), ok: answer.ok });
  }
  const view = await api.product(productId);
  const timeline = await api.productTimeline(productId);
  const ok = status === scenario.expect.status && view.thaw?.status === scenario.expect.thaw;
  return {
    scenarioId: scenario.id,
    runId,
    deviceStartMs: t0,
    ids: {
      profileId,
      storageUnitId,
      productId,
      thawDeviceId: bath.deviceId,
      deviceIds: traces.map((t) => t.deviceId),
    },
    published,
    outcome: { status, findings: [], raw: view },
    check: { ok, statusOk: status === scenario.expect.status, missing: [], unexpected: [] },
    thaw: view.thaw?.status,
    timelineKinds: timeline.entries.map((e) => e.kind),
    wallMs: Date.now() - wallStart,
  };
}
