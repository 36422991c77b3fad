/**
 * The peer bench:ingest compares coldtrace with: Node-RED 4 as a user would build the same job,
 * MQTT in (QoS 1) -> function (reading to point) -> join (500 messages or 1 s) -> influxdb batch
 * (node-red-contrib-influxdb) into InfluxDB 1.x. Node-RED's MQTT node acknowledges a message on
 * arrival, before it is stored. Installed by the bench into a folder of the system's temporary
 * directory, never into the project; started as its own process so that its CPU is its own.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const INSTALL_DIR = path.join(os.tmpdir(), 'coldtrace-bench-node-red');
const PACKAGES = ['node-red@4', 'node-red-contrib-influxdb@0.7'];

export interface NodeRedPeer {
  /** CPU milliseconds the Node-RED process has used so far (Linux /proc) */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** node-red and its InfluxDB nodes in a temporary folder, installed once and kept for later runs. */
function ensureInstalled(log: (s: string) => void): string {
  const red = path.join(INSTALL_DIR, 'node_modules/node-red/red.js');
  const influxNodes = path.join(INSTALL_DIR, 'node_modules/node-red-contrib-influxdb/influxdb.js');
  if (fs.existsSync(red) && fs.existsSync(influxNodes)) return red;
  log(`installing ${PACKAGES.join(', ')} into ${INSTALL_DIR} (not the project)`);
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(INSTALL_DIR, 'package.json'),
    JSON.stringify({ name: 'coldtrace-bench-node-red', private: true }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', ...PACKAGES], {
    cwd: INSTALL_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return red;
}

/** The flow a user would draw: one MQTT subscription, a point per reading, a batch of 500 / 1 s. */
function flows(
  broker: { host: string; port: number },
  influx: { host: string; port: number; database: string },
) {
  const toPoint = [
    "const device = msg.topic.split('/')[3];",
    'const r = msg.payload;',
    "msg.payload = { measurement: 'readings', tags: { device }, fields: { temp_c: r.temp_c, seq: r.seq }, timestamp: new Date(r.ts) };",
    'return msg;',
  ].join('\n');
  return [
    { id: 'bench-tab', type: 'tab', label: 'coldtrace peer' },
    {
      id: 'bench-broker',
      type: 'mqtt-broker',
      name: 'bench',
      broker: broker.host,
      port: String(broker.port),
      clientid: 'node-red-bench',
      usetls: false,
      protocolVersion: '4',
      keepalive: '60',
      cleansession: true,
    },
    {
      id: 'bench-in',
      type: 'mqtt in',
      z: 'bench-tab',
      topic: 'coldtrace/v1/devices/+/readings',
      qos: '1',
      datatype: 'json',
      broker: 'bench-broker',
      inputs: 0,
      wires: [['bench-point']],
    },
    {
      id: 'bench-point',
      type: 'function',
      z: 'bench-tab',
      func: toPoint,
      outputs: 1,
      wires: [['bench-join']],
    },
    {
      id: 'bench-join',
      type: 'join',
      z: 'bench-tab',
      mode: 'custom',
      build: 'array',
      property: 'payload',
      propertyType: 'msg',
      count: '500',
      timeout: '1',
      accumulate: false,
      wires: [['bench-write']],
    },
    {
      id: 'bench-write',
      type: 'influxdb batch',
      z: 'bench-tab',
      influxdb: 'bench-influx',
      precision: 'ms',
      wires: [],
    },
    {
      id: 'bench-influx',
      type: 'influxdb',
      hostname: influx.host,
      port: String(influx.port),
      protocol: 'http',
      database: influx.database,
      influxdbVersion: '1.x',
    },
  ];
}

/**
 * Starts Node-RED with the flow against `brokerUrl` and `influxBase`/`database` (created here), and
 * resolves once its MQTT node is connected.
 */
export async function startNodeRedPeer(opts: {
  brokerUrl: string;
  influxBase: string;
  database: string;
  log: (s: string) => void;
}): Promise<NodeRedPeer> {
  const red = ensureInstalled(opts.log);
  const influx = new URL(opts.influxBase);
  const broker = new URL(opts.brokerUrl);
  await fetch(`${opts.influxBase}/query?q=${encodeURIComponent(`CREATE DATABASE "${opts.database}"`)}`, {
    method: 'POST',
  });
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coldtrace-node-red-user-'));
  fs.writeFileSync(
    path.join(userDir, 'flows.json'),
    JSON.stringify(
      flows(
        { host: broker.hostname, port: Number(broker.port) },
        { host: influx.hostname, port: Number(influx.port), database: opts.database },
      ),
    ),
  );
  fs.writeFileSync(
    path.join(userDir, 'settings.js'),
    `module.exports = { uiPort: 0, uiHost: '127.0.0.1', httpAdminRoot: false, httpNodeRoot: false,
  flowFile: 'flows.json', credentialSecret: false, logging: { console: { level: 'info' } } };\n`,
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [red, '--userDir', userDir, '--settings', path.join(userDir, 'settings.js')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Connected to broker/.test(output)) resolve();
      if (output.length > 200_000) output = output.slice(-20_000);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`node-red exited with ${code} before connecting:\n${output.slice(-2000)}`)),
    );
  });
  opts.log(
    `node-red ${child.pid} connected to ${opts.brokerUrl}, writing to ${opts.influxBase}/${opts.database}`,
  );
  const pid = child.pid!;
  return {
    cpuMs() {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      } catch {
        return 0;
      }
    },
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}
