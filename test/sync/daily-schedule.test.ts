import { previousScheduled, startDailySync } from '../../jobs/daily-sync.js';
import { emptyStats } from '../../src/sync/run-log.js';
import type { RunResult } from '../../src/sync/runner.js';
import { waitUntil } from '../helpers/cli.js';
import { capturingLogger } from '../helpers/logs.js';

describe('the worker schedule', () => {
  const daily = (now: string) => previousScheduled('0 4 * * *', 'Europe/Berlin', new Date(now));

  it('finds the last scheduled time in the schedule time zone', () => {
    // 04:00 in Berlin is 03:00 UTC in winter and 02:00 UTC in summer.
    expect(daily('2026-11-21T10:00:00Z')?.toISOString()).toBe('2026-11-21T03:00:00.000Z');
    expect(daily('2026-11-21T02:59:59Z')?.toISOString()).toBe('2026-11-20T03:00:00.000Z');
    expect(daily('2026-07-01T02:00:00Z')?.toISOString()).toBe('2026-07-01T02:00:00.000Z');
  });

  it("finds a yearly schedule's last run", () => {
    expect(previousScheduled('0 4 1 1 *', 'Europe/Berlin', new Date('2026-11-21T10:00:00Z'))?.toISOString()).toBe(
      '2026-01-01T03:00:00.000Z',
    );
  });
});

describe('the worker after a failed run', () => {
  const result = (runId: number, status: RunResult['status'], retryable = false): RunResult => ({
    runId: BigInt(runId),
    kind: 'sync',
    status,
    streams: [],
    totals: emptyStats(),
    problems: [],
    retryable,
    ...(status === 'succeeded' ? {} : { error: 'Pliant had a server error (HTTP 503)' }),
  });

  /** The worker with a schedule far away: only the catch-up run and its retries can start. */
  async function scheduleWith(outcomes: RunResult[], retryDelaysMs: number[]) {
    const { logger, text } = capturingLogger();
    let calls = 0;
    const worker = startDailySync({
      cron: '0 4 1 1 *',
      timezone: 'Europe/Berlin',
      logger,
      lastSuccess: async () => null,
      retryDelaysMs,
      run: async () => outcomes[Math.min(calls++, outcomes.length - 1)]!,
    });
    await worker.ready;
    return { runs: () => calls, log: text, stop: () => worker.stop() };
  }
  /** Long enough for a retry of a few ms to have started, had one been planned. */
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('tries a run whose failures were all transient again soon, until it succeeds', async () => {
    const worker = await scheduleWith(
      [result(1, 'failed', true), result(2, 'failed', true), result(3, 'succeeded')],
      [5, 5, 5],
    );
    await waitUntil(async () => worker.runs() >= 3);
    await settle();
    await worker.stop();
    expect(worker.runs()).toBe(3);
    expect(worker.log()).toMatch(
      /Run 1 failed for a reason that may pass \(Pliant or the network\): trying again in 0 s \(retry 1 of 3\)/,
    );
    expect(worker.log()).toMatch(/Run 2 failed .* \(retry 2 of 3\)/);
  });

  it('gives up after the last delay, and does not retry a failure that will not pass by itself', async () => {
    const always = await scheduleWith([result(1, 'failed', true)], [5, 5]);
    await waitUntil(async () => always.runs() >= 3);
    await settle();
    await always.stop();
    expect(always.runs()).toBe(3);

    for (const status of ['failed', 'incomplete', 'stopped'] as const) {
      const once = await scheduleWith([result(1, status, false)], [5]);
      await settle();
      await once.stop();
      expect(once.runs()).toBe(1);
      expect(once.log()).not.toContain('trying again');
    }
  });
});
