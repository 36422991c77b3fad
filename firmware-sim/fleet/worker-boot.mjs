// Worker threads do not inherit the parent's TypeScript loader: register tsx here, then load the
// worker itself (worker.ts reads workerData and parentPort as usual).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
