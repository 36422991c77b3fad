import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SHIPPED_CONF = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../deploy/mosquitto/mosquitto.conf',
);
const PLUGIN_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/mosquitto_dynamic_security.so',
];

export interface PrivateMosquitto {
  port: number;
  /** mqtt://admin:...@127.0.0.1:port: the dynsec admin */
  adminUrl: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      server.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A private `mosquitto -c <config>` on a free port, its config the one shipped in
 * deploy/mosquitto/mosquitto.conf with only the machine-specific lines replaced (listener port,
 * plugin path, data folder), and a dynamic-security file made by `mosquitto_ctrl dynsec init`.
 */
export async function startPrivateMosquitto(
  dir: string,
  adminPassword = 'dynsec-admin-test',
): Promise<PrivateMosquitto> {
  await fs.mkdir(dir, { recursive: true });
  const plugin = PLUGIN_CANDIDATES.find((p) => existsSync(p));
  if (!plugin) throw new Error('mosquitto_dynamic_security.so not found: apt-get install mosquitto');
  const dynsecFile = path.join(dir, 'dynamic-security.json');
  if (!existsSync(dynsecFile))
    await promisify(execFile)('mosquitto_ctrl', ['dynsec', 'init', dynsecFile, 'admin', adminPassword]);
  const port = await freePort();
  const shipped = await fs.readFile(SHIPPED_CONF, 'utf8');
  const conf = shipped
    .split('\n')
    .map((line) => {
      if (line.startsWith('listener ')) return `listener ${port} 127.0.0.1`;
      if (line.startsWith('plugin ')) return `plugin ${plugin}`;
      if (line.startsWith('plugin_opt_config_file ')) return `plugin_opt_config_file ${dynsecFile}`;
      if (line.startsWith('persistence_location ')) return `persistence_location ${dir}/`;
      return line;
    })
    .concat([
      // run as whoever runs the test (as root Mosquitto would switch to 'mosquitto', which cannot
      // read a private temporary folder)
      `user ${os.userInfo().username}`,
      `log_dest file ${dir}/mosquitto.log`,
      'log_type error',
      'log_type warning',
      '',
    ])
    .join('\n');
  const confFile = path.join(dir, 'mosquitto.conf');
  await fs.writeFile(confFile, conf);
  const child = spawn('mosquitto', ['-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // up once the port takes a TCP connection
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited: ${stderr}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    adminUrl: `mqtt://admin:${encodeURIComponent(adminPassword)}@127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
