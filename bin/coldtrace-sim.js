#!/usr/bin/env node
// Runs the simulator's TypeScript sources directly (tsx): no build step.
import { register } from 'tsx/esm/api';

register();
await import('../firmware-sim/cli.ts');
