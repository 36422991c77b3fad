import { codedError } from '../domain/coded-error.js';

/** Errors of keeping the external broker's device credentials in step with the registry. */
export const BrokerAuthErrors = {
  unavailable: codedError('CT_BROKER_AUTH_UNAVAILABLE', 503, ['detail']),
};
