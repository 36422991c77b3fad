/** MQTT topics of the public contract v1. */
export const deviceTopic = (deviceId: string, kind: 'readings' | 'events' | 'status' | 'rejects') =>
  `coldtrace/v1/devices/${deviceId}/${kind}`;
