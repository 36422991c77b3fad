import type { EventOut, ReadingOut } from './device.js';

/**
 * What a real logger does without a network: it keeps every reading and event with its original
 * timestamp and, once connected again, sends the readings as arrays (the contract's backlog form),
 * oldest first, and the events one by one.
 */
export class StoreAndForward {
  private readings: ReadingOut[] = [];
  private events: EventOut[] = [];

  constructor(private readonly maxBatch = 200) {}

  keepReading(r: ReadingOut): void {
    this.readings.push(r);
  }

  keepEvent(e: EventOut): void {
    this.events.push(e);
  }

  get size(): number {
    return this.readings.length + this.events.length;
  }

  /** Backlog batches, oldest first; readings go as arrays of at most `maxBatch`. */
  drain(): { readingBatches: ReadingOut[][]; events: EventOut[] } {
    const readingBatches: ReadingOut[][] = [];
    for (let i = 0; i < this.readings.length; i += this.maxBatch)
      readingBatches.push(this.readings.slice(i, i + this.maxBatch));
    const events = this.events;
    this.readings = [];
    this.events = [];
    return { readingBatches, events };
  }
}
