import { describe, expect, it } from 'vitest';
import { formatSiteTime } from '../../services/domain/messages/time.js';

/** The pages format times in the browser; they must read exactly as the server's reports and mails. */
interface PageClock {
  siteTime(value: number | string): string;
  state: { site: { timeZone: string } };
}

describe('site time on the pages', () => {
  it('matches formatSiteTime for every zone and instant, DST changes included', async () => {
    const modulePath = './public/js/common.js';
    const page = (await import(modulePath)) as PageClock;
    const instants = [
      Date.UTC(2026, 10, 26, 12, 5, 0),
      Date.UTC(2026, 2, 8, 6, 59, 59), // New York, a second before DST starts
      Date.UTC(2026, 2, 8, 7, 0, 0),
      Date.UTC(2026, 9, 25, 0, 30, 0), // Berlin, DST ends
      Date.UTC(2026, 11, 31, 16, 0, 0), // midnight in Shanghai
    ];
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'UTC']) {
      page.state.site.timeZone = zone;
      for (const ms of instants) {
        expect(page.siteTime(ms), `${zone} ${new Date(ms).toISOString()}`).toBe(formatSiteTime(ms, zone));
        expect(page.siteTime(new Date(ms).toISOString())).toBe(formatSiteTime(ms, zone));
      }
    }
  });
});
