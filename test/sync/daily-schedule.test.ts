import cron from 'node-cron';
import { previousScheduled } from '../../jobs/daily-sync.js';

describe('the worker schedule', () => {
  const task = cron.createTask('0 4 * * *', () => undefined, { timezone: 'Europe/Berlin' });
  afterAll(() => task.destroy());

  it('finds the last scheduled time in the schedule time zone', () => {
    // 04:00 in Berlin is 03:00 UTC in winter and 02:00 UTC in summer.
    expect(previousScheduled(task, new Date('2026-11-21T10:00:00Z'))?.toISOString()).toBe('2026-11-21T03:00:00.000Z');
    expect(previousScheduled(task, new Date('2026-11-21T02:59:59Z'))?.toISOString()).toBe('2026-11-20T03:00:00.000Z');
    expect(previousScheduled(task, new Date('2026-07-01T02:00:00Z'))?.toISOString()).toBe('2026-07-01T02:00:00.000Z');
  });
});
