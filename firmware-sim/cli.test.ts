import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scenarios } from './scenarios/index.js';

const run = promisify(execFile);

/** The real command through its bin shim (tsx loaded by the shim itself). */
async function sim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/coldtrace-sim.js', ...args], {
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('coldtrace-sim command', () => {
  it('lists every scenario with the outcome it promises', async () => {
    const r = await sim('list');
    expect(r.code).toBe(0);
    for (const s of scenarios) expect(r.stdout).toContain(s.id);
    expect(r.stdout).toMatch(/ln2-exhausted\s+shipment\s+deviation\s+TEMP_OUT_OF_RANGE, COOLANT_LOW/);
  });

  it('refuses an unknown scenario and bad options with a stable code and exit status 2', async () => {
    const unknown = await sim('run', 'no-such-scenario', '--publish-only');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('CT_SIM_UNKNOWN_SCENARIO');
    const bad = await sim('fleet', '--devices', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CT_SIM_USAGE');
    expect(bad.stderr).toContain('--devices');
  });
});
