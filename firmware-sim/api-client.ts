import { z } from 'zod';
import {
  type Device,
  findingSchema,
  type ProductItemInput,
  type Profile,
  type Receipt,
  type Shipment,
  type StorageUnit,
  type Verdict,
  verdictSchema,
} from '../services/domain/contract.js';
import { simErrors } from './errors.js';

/** The secret comes back once at registration; accept the field names an API may reasonably use. */
const secretAnswer = z.union([
  z.object({ secret: z.string().min(1) }).transform((b) => b.secret),
  z.object({ mqttSecret: z.string().min(1) }).transform((b) => b.mqttSecret),
  z.object({ mqtt: z.object({ password: z.string().min(1) }) }).transform((b) => b.mqtt.password),
  z.object({ credentials: z.object({ secret: z.string().min(1) }) }).transform((b) => b.credentials.secret),
  z.object({ device: z.object({ secret: z.string().min(1) }) }).transform((b) => b.device.secret),
]);

const verdictAnswer = z.union([
  verdictSchema,
  z.object({ verdict: verdictSchema }).transform((b) => b.verdict),
]);

export const storageStatusSchema = z.object({
  status: z.enum(['ok', 'alarm']),
  findings: z.array(findingSchema),
  items: z.array(z.unknown()).optional(),
});
export type StorageStatus = z.infer<typeof storageStatusSchema>;

/** A thin client of coldtrace's HTTP API v1, every answer parsed before use. */
export class ColdtraceApi {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
    private readonly maxRateLimitRetries = 600,
  ) {
    this.base = baseUrl.replace(/\/$/, '');
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      // a well-behaved client: rate limited, it waits as told and tries again
      if (res.status === 429 && attempt < this.maxRateLimitRetries) {
        const waitS = Number(res.headers.get('retry-after') ?? 1);
        await new Promise((r) => setTimeout(r, (Number.isFinite(waitS) ? Math.max(waitS, 0.2) : 1) * 1000));
        continue;
      }
      if (!res.ok) throw simErrors.api(method, path, res.status, text);
      if (!text) return undefined;
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
  }

  /** Any route of the API, for the few the typed methods below do not cover (the demo's people). */
  request(method: string, path: string, body?: unknown): Promise<unknown> {
    return this.call(method, path, body);
  }

  async createProfile(profile: Profile): Promise<void> {
    await this.call('POST', '/profiles', profile);
  }

  /** Registers a device and returns the MQTT secret the answer carries (once). */
  async registerDevice(device: Device): Promise<string> {
    const answer = secretAnswer.safeParse(await this.call('POST', '/devices', device));
    if (!answer.success) throw simErrors.noSecret(device.id);
    return answer.data;
  }

  async createShipment(shipment: Shipment): Promise<void> {
    await this.call('POST', '/shipments', shipment);
  }

  async dispatch(shipmentId: string, atIso: string): Promise<void> {
    await this.call('POST', `/shipments/${encodeURIComponent(shipmentId)}/dispatch`, { at: atIso });
  }

  async receipt(shipmentId: string, receipt: Receipt): Promise<Verdict> {
    const path = `/shipments/${encodeURIComponent(shipmentId)}/receipt`;
    const answer = verdictAnswer.safeParse(await this.call('POST', path, receipt));
    if (!answer.success) throw simErrors.apiShape(path, answer.error.message);
    return answer.data;
  }

  async verdict(shipmentId: string): Promise<Verdict> {
    const path = `/shipments/${encodeURIComponent(shipmentId)}/verdict`;
    const answer = verdictAnswer.safeParse(await this.call('GET', path));
    if (!answer.success) throw simErrors.apiShape(path, answer.error.message);
    return answer.data;
  }

  /** Number of readings the API holds for the shipment's window (its JSON record). */
  async storedReadingCount(shipmentId: string): Promise<number> {
    const path = `/shipments/${encodeURIComponent(shipmentId)}/readings?format=json`;
    const answer = z.object({ readings: z.array(z.unknown()) }).safeParse(await this.call('GET', path));
    if (!answer.success) throw simErrors.apiShape(path, answer.error.message);
    return answer.data.readings.length;
  }

  async createStorageUnit(unit: StorageUnit): Promise<void> {
    await this.call('POST', '/storage-units', unit);
  }

  async storageStatus(unitId: string): Promise<StorageStatus> {
    const path = `/storage-units/${encodeURIComponent(unitId)}/status`;
    const answer = storageStatusSchema.safeParse(await this.call('GET', path));
    if (!answer.success) throw simErrors.apiShape(path, answer.error.message);
    return answer.data;
  }

  /** Puts a product into a storage unit (issue 16). */
  async storeProduct(unitId: string, item: ProductItemInput): Promise<void> {
    await this.call('POST', `/storage-units/${encodeURIComponent(unitId)}/items`, item);
  }

  async removeProduct(unitId: string, itemId: string, body: { purpose: 'use'; at: string }): Promise<void> {
    const path = `/storage-units/${encodeURIComponent(unitId)}/items/${encodeURIComponent(itemId)}/remove`;
    await this.call('POST', path, body);
  }

  /**
   * One step of the ward (thaw-started, thaw-finished, diluted, infused); answers the product view,
   * or the API's error code when the step is refused (CT_INFUSION_REFUSED for a late infusion).
   */
  async productStep(
    productId: string,
    step: 'thaw-started' | 'thaw-finished' | 'diluted' | 'infused',
    body: Record<string, unknown>,
  ): Promise<{ ok: true; view: ProductAnswer } | { ok: false; code: string; status: number }> {
    try {
      const view = productAnswer.parse(
        await this.call('POST', `/products/${encodeURIComponent(productId)}/${step}`, body),
      );
      return { ok: true, view };
    } catch (err) {
      const status = (err as { details?: { status?: number } }).details?.status;
      if (status === undefined || status < 400 || status >= 500) throw err;
      const code = /"code":"(CT_[A-Z_]+)"/.exec((err as Error).message)?.[1] ?? 'unknown';
      return { ok: false, code, status };
    }
  }

  async product(productId: string): Promise<ProductAnswer> {
    return productAnswer.parse(await this.call('GET', `/products/${encodeURIComponent(productId)}`));
  }

  async productTimeline(productId: string): Promise<{ entries: { kind: string }[] }> {
    const path = `/products/${encodeURIComponent(productId)}/timeline`;
    return z.object({ entries: z.array(z.object({ kind: z.string() })) }).parse(await this.call('GET', path));
  }

  /** How many readings the API holds for a device between two instants. */
  async deviceReadingCount(deviceId: string, fromIso: string, toIso: string): Promise<number> {
    const q = `from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(toIso)}`;
    const path = `/devices/${encodeURIComponent(deviceId)}/readings?${q}`;
    const answer = z.object({ readings: z.array(z.unknown()) }).safeParse(await this.call('GET', path));
    if (!answer.success) throw simErrors.apiShape(path, answer.error.message);
    return answer.data.readings.length;
  }
}

const productAnswer = z.object({
  id: z.string(),
  state: z.string(),
  deviation: z.boolean(),
  clock: z.object({ state: z.string() }),
  thaw: z.object({ status: z.enum(['ok', 'fail', 'unverified']) }).optional(),
});
export type ProductAnswer = z.infer<typeof productAnswer>;
