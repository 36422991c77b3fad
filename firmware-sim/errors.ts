/**
 * Every error the simulator raises, declared once with a stable code (style of @fastify/error). The
 * simulator is a client, so the HTTP status is the one it received, when there was one.
 */
export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

export const simErrors = {
  unknownScenario: (id: string) => new SimError('CT_SIM_UNKNOWN_SCENARIO', `unknown scenario '${id}'`),
  api: (method: string, path: string, status: number, body: string) =>
    new SimError('CT_SIM_API_ERROR', `${method} ${path} answered ${status}: ${body.slice(0, 500)}`, {
      status,
    }),
  apiShape: (path: string, problem: string) =>
    new SimError('CT_SIM_API_SHAPE', `unexpected answer from ${path}: ${problem}`),
  noSecret: (deviceId: string) =>
    new SimError('CT_SIM_NO_SECRET', `device '${deviceId}' was registered but the answer carried no secret`),
  mqttConnect: (deviceId: string, reason: string) =>
    new SimError('CT_SIM_MQTT_CONNECT', `device '${deviceId}' could not connect: ${reason}`),
  mqttPublish: (deviceId: string, reason: string) =>
    new SimError('CT_SIM_MQTT_PUBLISH', `device '${deviceId}' publish failed: ${reason}`),
  recordTimeout: (what: string) =>
    new SimError('CT_SIM_RECORD_TIMEOUT', `timed out waiting for the record to be stored: ${what}`),
  usage: (message: string) => new SimError('CT_SIM_USAGE', message),
  provisioning: (message: string) => new SimError('CT_SIM_PROVISIONING', message),
};
