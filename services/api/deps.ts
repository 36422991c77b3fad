import type { Logger } from 'pino';
import type { BrokerDeviceCredentials } from '../broker-auth/index.js';
import type { Config } from '../config/config.js';
import type { Verdict } from '../domain/contract.js';
import type { ReadingsStore } from '../store/readings/readings-store.js';
import type { ProductEvent, ProductRecord } from '../store/sql/products-repo.js';
import type { RecordsStore } from '../store/sql/records-store.js';
import type { StoredShipment } from '../store/sql/shipments-repo.js';

/** What the API is built from (the composition root supplies it). */
export interface ApiDeps {
  config: Config;
  logger: Logger;
  records: RecordsStore;
  readings: ReadingsStore;
  /**
   * the InfluxDB URL (with database) the readings store uses, when config.influxUrl is unset (the
   * embedded private InfluxDB): lets provisional verdicts check the stored record cheaply
   */
  influxUrl?: string;
  /**
   * 8.1.6: called after a receipt whose final verdict is a deviation has been committed (the
   * manufacturer's mail is already queued in the outbox in the same transaction).
   */
  onReceiptDeviation?: (shipment: StoredShipment, verdict: Verdict) => void | Promise<void>;
  /**
   * issue 16 (7.8, 8.2.4): called after a step of a product's journey was committed as a deviation
   * (an infusion after the limit under overtimeHandling record_deviation, a failed thaw). The
   * deviation is already on the product's timeline; the composition root wires this to the
   * deviation loop (issue 15's case opening).
   */
  onProductDeviation?: (product: ProductRecord, event: ProductEvent) => void | Promise<void>;
  /** the clock (tests); default Date.now */
  now?: () => number;
  /** requests per minute per API key or address; false disables (benchmarks). Default 600. */
  rateLimitPerMinute?: number | false;
  /**
   * failed authentications allowed per client address a minute before it is refused (429
   * CT_AUTH_LOCKED) for the rest of the minute; false disables. Default 20.
   */
  authFailuresPerMinute?: number | false;
  /** largest accepted body; default 1 MiB */
  bodyLimitBytes?: number;
  /**
   * scaled out on Mosquitto: the broker's device logins and ACL, kept in step on register, rotate
   * and revoke (services/broker-auth); unset with the embedded broker, which reads the registry itself
   */
  brokerCredentials?: BrokerDeviceCredentials;
  /** register the built-in pages (dashboards/web/plugin.ts) when present; default true */
  webPages?: boolean;
}
