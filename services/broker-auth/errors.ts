import createError from '@fastify/error';

/** Errors of keeping the external broker's device credentials in step with the registry. */
export const BrokerAuthErrors = {
  unavailable: createError<'CT_BROKER_AUTH_UNAVAILABLE', 503, [string]>(
    'CT_BROKER_AUTH_UNAVAILABLE',
    "the MQTT broker did not take the device credentials: '%s'; nothing was changed, try again",
    503,
  ),
};
