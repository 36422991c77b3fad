import { type ChildProcess, execFile, spawn } from 'node:child_process';
import https from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';

export const BIN = path.resolve(import.meta.dirname, '../../bin/coldtrace.js');
export const execFileAsync = promisify(execFile);

/** `node bin/coldtrace.js start` as a real process; its stdout (pino, one JSON event a line) kept. */
export interface ColdtraceProcess {
  child: ChildProcess;
  output(): string;
  /** SIGTERM (clean) or SIGKILL (crash); resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startColdtraceProcess(env: Record<string, string>, args = ['start']): ColdtraceProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A certificate for 127.0.0.1 and its key, self-signed with openssl, in `dir`. */
export async function selfSignedCert(dir: string): Promise<{ certFile: string; keyFile: string }> {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  return { certFile, keyFile };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTPS request trusting `ca` only. */
export function httpsRequest(
  url: string,
  ca: Buffer,
  opts: { method?: string; key?: string; body?: unknown; agent?: https.Agent } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = https.request(
      url,
      {
        method: opts.method ?? 'GET',
        ca,
        agent: opts.agent ?? false,
        headers: {
          ...(opts.key !== undefined && { authorization: `Bearer ${opts.key}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString('utf8');
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
