import { parseArgs } from 'node:util';
import { z } from 'zod';
import { simErrors } from './errors.js';
import { runJourney } from './journey-runner.js';
import { runScenario, type ScenarioResult } from './runner.js';
import {
  findJourneyScenario,
  findScenario,
  journeyScenarios,
  type Scenario,
  scenarios,
} from './scenarios/index.js';

const runArgs = z.object({
  api: z.string().url(),
  key: z.string().min(1).optional(),
  mqtt: z.string().regex(/^mqtts?:\/\//, 'must start with mqtt:// or mqtts://'),
  seconds: z.coerce.number().positive().max(86_400),
  clockSkewS: z.coerce.number().min(-86_400).max(86_400).optional(),
  publishOnly: z.boolean(),
  leaveInTransit: z.boolean(),
  json: z.boolean(),
  site: z.string().min(1).max(200).optional(),
  manufacturer: z.string().min(1).max(200).optional(),
});

export function listScenarios(): number {
  for (const s of scenarios) {
    const codes = s.expect.findingCodes.length ? s.expect.findingCodes.join(', ') : '-';
    console.log(`${s.id.padEnd(28)} ${s.kind.padEnd(9)} ${s.expect.status.padEnd(10)} ${codes}`);
    console.log(`${''.padEnd(28)} ${s.title}: ${s.story}`);
  }
  for (const s of journeyScenarios) {
    console.log(`${s.id.padEnd(28)} ${s.kind.padEnd(9)} ${s.expect.status.padEnd(10)} thaw ${s.expect.thaw}`);
    console.log(`${''.padEnd(28)} ${s.title}: ${s.story}`);
  }
  return 0;
}

function summary(r: ScenarioResult): string {
  const where = r.ids.shipmentId ?? r.ids.storageUnitId ?? r.ids.deviceIds.join(',');
  const head = `${r.scenarioId}: ${where}: ${r.published.readings} readings, ${r.published.events} events in ${(r.wallMs / 1000).toFixed(1)} s`;
  if (!r.outcome || !r.check) return `${head} (published only)`;
  const codes = [...new Set(r.outcome.findings.map((f) => f.code))].join(', ') || 'no findings';
  const verdict = r.check.ok
    ? 'as expected'
    : `NOT as expected (missing: ${r.check.missing.join(', ') || '-'}; unexpected: ${r.check.unexpected.join(', ') || '-'})`;
  return `${head}\n  ${r.outcome.status}: ${codes}: ${verdict}`;
}

/** `coldtrace-sim run <scenario|all> [--api URL --key KEY --mqtt URL --seconds S --publish-only --json]` */
export async function runCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      api: {
        type: 'string',
        default: env.COLDTRACE_API_URL ?? `http://127.0.0.1:${env.COLDTRACE_HTTP_PORT ?? 8080}`,
      },
      key: { type: 'string', default: env.COLDTRACE_API_KEY ?? env.COLDTRACE_ADMIN_KEY },
      mqtt: {
        type: 'string',
        default: env.COLDTRACE_SIM_MQTT_URL ?? `mqtt://127.0.0.1:${env.COLDTRACE_MQTT_PORT ?? 1883}`,
      },
      seconds: { type: 'string', default: '10' },
      'clock-skew-s': { type: 'string' },
      'publish-only': { type: 'boolean', default: false },
      'leave-in-transit': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      site: { type: 'string' },
      manufacturer: { type: 'string' },
    },
  });
  const parsed = runArgs.safeParse({
    ...values,
    publishOnly: values['publish-only'],
    leaveInTransit: values['leave-in-transit'],
    clockSkewS: values['clock-skew-s'],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw simErrors.usage(`--${String(issue.path[0])}: ${issue.message}`);
  }
  const o = parsed.data;
  const [which] = positionals;
  if (!which) throw simErrors.usage('run: name a scenario (coldtrace-sim list) or "all"');
  if (!o.publishOnly && !o.key)
    throw simErrors.usage('run: --key (or COLDTRACE_ADMIN_KEY) is needed to use the API');
  const journey = findJourneyScenario(which);
  if (journey) {
    // a product's journey needs the API throughout: the ward's steps are API calls
    if (o.publishOnly || !o.key)
      throw simErrors.usage(`run ${which}: needs the API (--key), not --publish-only`);
    const r = await runJourney(journey, {
      apiUrl: o.api,
      apiKey: o.key,
      mqttUrl: o.mqtt,
      realSeconds: o.seconds,
      log: (message, fields) =>
        process.stderr.write(`${journey.id}: ${message} ${JSON.stringify(fields ?? {})}\n`),
    });
    const head = `${r.scenarioId}: product ${r.ids.productId} in ${r.ids.storageUnitId}, thaw device ${r.ids.thawDeviceId}: ${r.published.readings} readings, ${r.published.events} events in ${(r.wallMs / 1000).toFixed(1)} s`;
    const verdict = r.check?.ok
      ? 'as expected'
      : `NOT as expected (expected ${journey.expect.status}, thaw ${journey.expect.thaw})`;
    console.log(
      o.json
        ? JSON.stringify(r)
        : `${head}\n  infusion ${r.outcome?.status}, thaw ${r.thaw ?? '-'}: ${verdict}\n  timeline: ${r.timelineKinds.join(' > ')}`,
    );
    return r.check?.ok ? 0 : 1;
  }
  const chosen: Scenario[] = which === 'all' ? scenarios : [findScenario(which)];
  let failures = 0;
  for (const scenario of chosen) {
    const result = await runScenario(scenario, {
      apiUrl: o.publishOnly ? undefined : o.api,
      apiKey: o.key,
      mqttUrl: o.mqtt,
      realSeconds: o.seconds,
      leaveInTransit: o.leaveInTransit,
      destinationSite: o.site,
      manufacturer: o.manufacturer,
      clockSkewMs: o.clockSkewS === undefined ? undefined : o.clockSkewS * 1000,
      log: (message, fields) =>
        process.stderr.write(`${scenario.id}: ${message} ${JSON.stringify(fields ?? {})}\n`),
    });
    if (result.check && !result.check.ok) failures++;
    console.log(o.json ? JSON.stringify(result) : summary(result));
  }
  return failures > 0 ? 1 : 0;
}
