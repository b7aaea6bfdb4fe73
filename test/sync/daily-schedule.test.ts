import { previousScheduled } from '../../jobs/daily-sync.js';

describe('the worker schedule', () => {
  const daily = (now: string) => previousScheduled('0 4 * * *', 'Europe/Berlin', new Date(now));

  it('finds the last scheduled time in the schedule time zone', () => {
    // 04:00 in Berlin is 03:00 UTC in winter and 02:00 UTC in summer.
    expect(daily('2026-11-21T10:00:00Z')?.toISOString()).toBe('2026-11-21T03:00:00.000Z');
    expect(daily('2026-11-21T02:59:59Z')?.toISOString()).toBe('2026-11-20T03:00:00.000Z');
    expect(daily('2026-07-01T02:00:00Z')?.toISOString()).toBe('2026-07-01T02:00:00.000Z');
  });

  it("finds a yearly schedule's last run", () => {
    expect(previousScheduled('0 4 1 1 *', 'Europe/Berlin', new Date('2026-11-21T10:00:00Z'))?.toISOString()).toBe('2026-01-01T03:00:00.000Z');
  });
});
