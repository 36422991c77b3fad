import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gateway-process.ts');

export interface GatewayChild {
  child: ChildProcess;
  mqttPort: number;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts gateway-process.ts in a child process and waits for its ready line. */
export function spawnGateway(env: NodeJS.ProcessEnv): Promise<GatewayChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...process.env, COLDTRACE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`gateway child not ready in 20 s: ${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (!line) return;
      clearTimeout(timer);
      const { mqttPort } = JSON.parse(line) as { mqttPort: number };
      resolve({ child, mqttPort, stderr: () => err, exited });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway child exited (${code}) before ready: ${err}`));
    });
  });
}
