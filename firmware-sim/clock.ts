/**
 * A compressed clock: device time runs `speed` times faster than wall time from `deviceStartMs`, so
 * 48 h of device time can pass in seconds while every device timestamp stays exact.
 */
export class CompressedClock {
  private readonly wallStartMs = Date.now();

  constructor(
    readonly deviceStartMs: number,
    readonly speed: number,
  ) {}

  deviceNowMs(): number {
    return this.deviceStartMs + (Date.now() - this.wallStartMs) * this.speed;
  }

  /** Resolves once device time has reached `deviceMs`. */
  async until(deviceMs: number): Promise<void> {
    const waitMs = (deviceMs - this.deviceNowMs()) / this.speed;
    if (waitMs > 1) await new Promise((r) => setTimeout(r, waitMs));
  }
}
