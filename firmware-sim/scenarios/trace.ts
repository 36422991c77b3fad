import { type DeviceSpec, simulateDevice, type TraceItem } from '../device.js';
import type { JourneyScenario, Scenario } from './types.js';

export interface DeviceTrace {
  spec: DeviceSpec;
  items: TraceItem[];
}

/**
 * Every device's trace for a scenario whose minute 0 is `t0Ms` (epoch ms). Pure. `clockSkewMs`
 * overrides every device's clock skew (device clock minus true time).
 */
export function scenarioTraces(
  scenario: Scenario | JourneyScenario,
  t0Ms: number,
  opts: { clockSkewMs?: number } = {},
): DeviceTrace[] {
  return scenario.devices.map((declared) => {
    const spec = opts.clockSkewMs === undefined ? declared : { ...declared, clockSkewMs: opts.clockSkewMs };
    return {
      spec,
      items: simulateDevice(spec, {
        startMs: t0Ms,
        fromMin: spec.onFromMin ?? scenario.recordFromMin,
        toMin: spec.onToMin ?? scenario.recordToMin,
        ambientC: scenario.ambientC,
      }),
    };
  });
}

/**
 * Minute 0 of a scenario run now: placed so that the last reading is a minute in the past (devices
 * never report the future), on a whole minute.
 */
export function scenarioStartMs(scenario: Scenario | JourneyScenario, nowMs: number): number {
  const t0 = nowMs - (scenario.recordToMin + 1) * 60_000;
  return Math.floor(t0 / 60_000) * 60_000;
}
