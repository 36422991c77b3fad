import { describe, expect, it } from 'vitest';
import { mayPublish, maySubscribe, parseDeviceTopic } from './topics.js';

describe('topic ACL', () => {
  it('parses device topics', () => {
    expect(parseDeviceTopic('coldtrace/v1/devices/LOG-1/readings')).toEqual({
      deviceId: 'LOG-1',
      kind: 'readings',
    });
    expect(parseDeviceTopic('coldtrace/v1/devices//readings')).toBeUndefined();
    expect(parseDeviceTopic('coldtrace/v1/devices/LOG-1/a/b')).toBeUndefined();
    expect(parseDeviceTopic('other/LOG-1/readings')).toBeUndefined();
  });

  it('a device publishes only under its own id, never to rejects', () => {
    expect(mayPublish('LOG-1', 'coldtrace/v1/devices/LOG-1/readings')).toBe(true);
    expect(mayPublish('LOG-1', 'coldtrace/v1/devices/LOG-1/whatever')).toBe(true);
    expect(mayPublish('LOG-1', 'coldtrace/v1/devices/LOG-2/readings')).toBe(false);
    expect(mayPublish('LOG-1', 'coldtrace/v1/devices/LOG-10/readings')).toBe(false);
    expect(mayPublish('LOG-1', 'coldtrace/v1/devices/LOG-1/rejects')).toBe(false);
    expect(mayPublish('LOG-1', 'coldtrace/v1/devices/LOG-1/')).toBe(false);
    expect(mayPublish('LOG-1', '$SYS/x')).toBe(false);
  });

  it('a device subscribes only to its own rejects, without wildcards', () => {
    expect(maySubscribe('LOG-1', 'coldtrace/v1/devices/LOG-1/rejects')).toBe(true);
    expect(maySubscribe('LOG-1', 'coldtrace/v1/devices/+/rejects')).toBe(false);
    expect(maySubscribe('LOG-1', 'coldtrace/v1/devices/LOG-1/#')).toBe(false);
  });
});
