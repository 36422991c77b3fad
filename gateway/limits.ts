/** Limits that keep one misbehaving device or address from hurting the rest. */
export interface GatewayLimits {
  /**
   * CONNECT attempts per remote address per minute (default 20,000: a site's whole fleet may sit
   * behind one NAT address and reconnect at once after an outage; this only stops a flood)
   */
  connectsPerIpPerMinute: number;
  /**
   * failed authentications per remote address per minute after which attempts from it for device ids
   * that are not registered are refused (default 120). Registered devices are never refused for
   * what others did from their address.
   */
  failedAuthPerIpPerMinute: number;
  /** CONNECT attempts per client id / device id per minute (default 30) */
  connectsPerClientPerMinute: number;
  /**
   * failed authentications of one device id from one address before that pair backs off (default 10):
   * then each further failure doubles the wait (1 s up to 60 s) before a secret other than the one
   * known good is checked again. Counted per device id and address, so a guesser elsewhere cannot
   * lock a device out, and the device's own known-good secret always gets in.
   */
  failedAuthPerDevicePerMinute: number;
  /** how often connected sessions are checked against their device's current secret (default 5 s) */
  sessionRecheckMs: number;
  /** payloads larger than this are refused with CT_PAYLOAD_TOO_LARGE (default 256 KiB) */
  maxPayloadBytes: number;
  /** MQTT packets larger than this close the connection before they are buffered (default 1 MiB) */
  maxPacketBytes: number;
  /** topic levels at most (default 8; the contract's topics have 5) */
  maxTopicLevels: number;
  /** readings or events in one message at most (default 10,000) */
  maxItemsPerMessage: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  connectsPerIpPerMinute: 20_000,
  failedAuthPerIpPerMinute: 120,
  connectsPerClientPerMinute: 30,
  failedAuthPerDevicePerMinute: 10,
  maxPayloadBytes: 256 * 1024,
  maxPacketBytes: 1024 * 1024,
  maxTopicLevels: 8,
  maxItemsPerMessage: 10_000,
  sessionRecheckMs: 5_000,
};

/**
 * Exponential backoff per key: after `freeFailures` consecutive failures, the key waits 1 s, then
 * 2 s, 4 s ... up to `maxWaitMs` before its next attempt counts; a success clears it.
 */
export class FailureBackoff {
  private readonly state = new Map<string, { failures: number; untilMs: number }>();

  constructor(
    private readonly freeFailures: number,
    private readonly maxWaitMs = 60_000,
    private readonly maxKeys = 100_000,
  ) {}

  /** True while `key` must wait. */
  waiting(key: string, nowMs: number): boolean {
    const s = this.state.get(key);
    return s !== undefined && nowMs < s.untilMs;
  }

  fail(key: string, nowMs: number): void {
    if (this.state.size >= this.maxKeys) this.prune(nowMs);
    const s = this.state.get(key) ?? { failures: 0, untilMs: 0 };
    s.failures++;
    const over = s.failures - this.freeFailures;
    if (over >= 0) s.untilMs = nowMs + Math.min(this.maxWaitMs, 1000 * 2 ** Math.min(over, 16));
    this.state.set(key, s);
  }

  succeed(key: string): void {
    this.state.delete(key);
  }

  private prune(nowMs: number): void {
    for (const [key, s] of this.state) if (s.untilMs + this.maxWaitMs < nowMs) this.state.delete(key);
    if (this.state.size >= this.maxKeys) this.state.clear();
  }
}

/** Counts events per key in fixed one-minute windows; `now` passed in so tests can drive it. */
export class WindowCounter {
  private windowStartMs = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one more for `key`; false when the key is over its limit in this window. */
  hit(key: string, nowMs: number): boolean {
    this.roll(nowMs);
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= this.limit;
  }

  /** True when `key` is already over its limit, without counting. */
  over(key: string, nowMs: number): boolean {
    this.roll(nowMs);
    return (this.counts.get(key) ?? 0) >= this.limit;
  }

  private roll(nowMs: number): void {
    if (nowMs - this.windowStartMs >= this.windowMs) {
      this.windowStartMs = nowMs;
      this.counts = new Map();
    }
  }
}

interface PacketParser {
  packet: { length: number };
  _parseLength?: () => boolean;
  _emitError?: (error: Error) => void;
}

/**
 * Closes a connection as soon as a packet header announces more than `maxBytes`, before the
 * payload is buffered. aedes 1.x has no such option, so this wraps the client's mqtt-packet parser.
 */
export function guardPacketSize(client: object, maxBytes: number): void {
  const parser = (client as { _parser?: PacketParser })._parser;
  const original = parser?._parseLength;
  if (!parser || !original || !parser._emitError) return;
  parser._parseLength = function guardedParseLength(this: PacketParser) {
    const ok = original.call(this);
    if (ok && this.packet.length > maxBytes) {
      this._emitError!(new Error(`packet of ${this.packet.length} bytes exceeds ${maxBytes}`));
      return false;
    }
    return ok;
  };
}
