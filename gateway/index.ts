/** The gateway's public surface for the composition root (cli/): the only gateway file cli/ imports. */
export { readDeadLetters } from './dead-letter.js';
export { decodePayload } from './decode/index.js';
export { type DeviceDirectory, InMemoryDeviceDirectory } from './device-directory.js';
export { REJECT_CODES, type RejectCode } from './errors.js';
export { type Gateway, type GatewayOptions, startGateway } from './gateway.js';
export type { OnAccepted } from './ingest.js';
export { DEFAULT_LIMITS, type GatewayLimits } from './limits.js';
export { parseDeviceTopic, TOPIC_PREFIX } from './topics.js';
