export { type BrokerDeviceCredentials, MosquittoDynsecCredentials } from './device-credentials.js';
export { BrokerAuthErrors } from './errors.js';
