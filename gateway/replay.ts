import type { Logger } from 'pino';
import type { DeviceEvent, Reading } from '../services/domain/contract.js';
import { parseLine } from '../services/store/readings/line-parse.js';
import type { OnAccepted } from './ingest.js';
import type { Spool } from './spool/spool.js';

/**
 * Hands what the spool holds beyond its checkpoint (acknowledged before a crash, not yet in
 * InfluxDB) to onAccepted, chunk by chunk, as if it had just arrived: the rules worker judges
 * readings in device-time order and deduplicates, so a reading it had already seen costs nothing.
 */
export async function replayUndrained(spool: Spool, onAccepted: OnAccepted, logger: Logger): Promise<void> {
  let readingsCount = 0;
  let eventsCount = 0;
  for await (const chunk of spool.undrained()) {
    const readings: Reading[] = [];
    const events: DeviceEvent[] = [];
    for (const line of chunk.lines) {
      const parsed = parseLine(line, chunk.legacyMs ? 'ms' : 'ns');
      if (parsed.kind === 'reading') readings.push(parsed.reading);
      else if (parsed.kind === 'event') events.push(parsed.event);
    }
    readingsCount += readings.length;
    eventsCount += events.length;
    try {
      if (readings.length > 0 || events.length > 0) onAccepted(readings, events);
    } catch (error) {
      logger.error({ err: error }, 'gateway: onAccepted threw on replayed spool lines');
    }
    // a large spool (an InfluxDB outage) must not hold the event loop for long
    await new Promise((resolve) => setImmediate(resolve));
  }
  logger.info(
    { readings: readingsCount, events: eventsCount },
    'gateway: spool lines not yet in InfluxDB handed to the live consumers',
  );
}
