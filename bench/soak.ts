import { parseArgs } from 'node:util';
import { runSoak } from '../test/hardening/soak/run-soak.js';

/**
 * `npm run soak -- --minutes 30 [--devices 2000] [--interval-s 10] [--probes 20]`: the whole system
 * (`coldtrace start` as a child process) under a 2,000-device fleet while InfluxDB, the SMTP relay
 * and the coldtrace process itself are stopped and started again on a schedule (one cycle per five
 * minutes). Reconciles acknowledged readings against InfluxDB and expected alerts against the
 * relay. Progress on stderr; the last line is the JSON of figures.
 */
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    devices: { type: 'string', default: '2000' },
    'interval-s': { type: 'string', default: '10' },
    probes: { type: 'string', default: '20' },
    'outage-s': { type: 'string', default: '45' },
    'no-restart': { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const result = await runSoak({
  durationMs: minutes * 60_000,
  devices: Number(values.devices),
  intervalMs: Number(values['interval-s']) * 1000,
  probes: Number(values.probes),
  cycles: Math.max(1, Math.round(minutes / 5)),
  outageMs: Number(values['outage-s']) * 1000,
  restartGateway: !values['no-restart'],
  say: (text) => process.stderr.write(`soak: ${text}\n`),
});
process.stderr.write(
  `soak: outages ${JSON.stringify(result.outages)}, reconnects ${result.reconnects}, alerts duplicated ${result.alertsDuplicated}, RSS MB ${result.rssSamplesMB.join(' ')}\n`,
);
const { bench, acked, stored, lost, duplicated, alertsExpected, alertsDelivered, rssStartMB, rssEndMB } =
  result;
console.log(
  JSON.stringify({
    bench,
    minutes: result.minutes,
    acked,
    stored,
    lost,
    duplicated,
    alertsExpected,
    alertsDelivered,
    rssStartMB,
    rssEndMB,
  }),
);
// every acknowledged reading stored once, every expected alert mail delivered once
const clean =
  lost === 0 && duplicated === 0 && alertsDelivered === alertsExpected && result.alertsDuplicated === 0;
process.exit(clean ? 0 : 1);
