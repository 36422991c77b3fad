import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { redactUrl } from './log.js';

describe('configuration from the environment', () => {
  it('uses the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.dataDir).toBe('./.data');
    expect(c.http.port).toBe(8080);
    expect(c.mqtt.port).toBe(1883);
    expect(c.mqtt.externalUrl).toBeUndefined();
    expect(c.mailFrom).toBe('coldtrace@localhost');
    expect(c.site.timeZone).toBe('Asia/Shanghai');
  });

  it('refuses to start with a message naming each bad variable', () => {
    let caught: unknown;
    try {
      loadConfig({
        COLDTRACE_HTTP_PORT: 'eighty',
        COLDTRACE_MQTT_URL: 'http://broker',
        COLDTRACE_SITE_TIMEZONE: 'Mars/Olympus',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const e = caught as ConfigError;
    expect(e.code).toBe('CT_CONFIG_INVALID');
    expect(e.problems.map((p) => p.variable).sort()).toEqual([
      'COLDTRACE_HTTP_PORT',
      'COLDTRACE_MQTT_URL',
      'COLDTRACE_SITE_TIMEZONE',
    ]);
    expect(e.message).toContain('COLDTRACE_MQTT_URL');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ COLDTRACE_DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});

describe('redactUrl', () => {
  it('hides the password of a broker or store URL, keeps the rest', () => {
    expect(redactUrl('mqtt://coldtrace-service:s3cret-pass@127.0.0.1:1883')).toBe(
      'mqtt://coldtrace-service:***@127.0.0.1:1883',
    );
    expect(redactUrl('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
    expect(redactUrl('not a url //user:pw@host')).toBe('not a url //user:***@host');
  });
});
