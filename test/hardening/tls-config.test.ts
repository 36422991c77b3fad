import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../services/config/config.js';

// The TLS settings (docs/threat-model.md A13): both files or neither, and the MQTT-over-TLS port.
describe('TLS settings', () => {
  it('takes the certificate, the key and the MQTTS port; refuses half a pair naming the missing variable', () => {
    expect(loadConfig({}).tls).toBeUndefined();
    expect(
      loadConfig({
        COLDTRACE_TLS_CERT_FILE: '/etc/coldtrace/cert.pem',
        COLDTRACE_TLS_KEY_FILE: '/etc/coldtrace/key.pem',
        COLDTRACE_MQTTS_PORT: '18883',
      }).tls,
    ).toEqual({ certFile: '/etc/coldtrace/cert.pem', keyFile: '/etc/coldtrace/key.pem', mqttsPort: 18883 });
    expect(
      loadConfig({ COLDTRACE_TLS_CERT_FILE: 'c.pem', COLDTRACE_TLS_KEY_FILE: 'k.pem' }).tls?.mqttsPort,
    ).toBe(8883);
    const half = () => loadConfig({ COLDTRACE_TLS_CERT_FILE: 'c.pem' });
    expect(half).toThrow(ConfigError);
    expect(half).toThrow(/COLDTRACE_TLS_KEY_FILE/);
    expect(() => loadConfig({ COLDTRACE_TLS_KEY_FILE: 'k.pem' })).toThrow(/COLDTRACE_TLS_CERT_FILE/);
    expect(() => loadConfig({ COLDTRACE_MQTTS_PORT: 'x' })).toThrow(/COLDTRACE_MQTTS_PORT/);
  });
});
