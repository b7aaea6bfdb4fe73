/** The order of a run comes from what the streams declare (scope, after), not from the registry's order. */
import { STREAMS } from '../../src/streams/index.js';
import type { SomeStream } from '../../src/streams/types.js';
import { orderStreams, RUN_ORDER } from '../../src/sync/stream-order.js';

const byName = (name: string): SomeStream => STREAMS.find((s) => s.name === name)!;

describe('the order of a run', () => {
  it('runs the organizations first, then each stream after what it reads', () => {
    expect(RUN_ORDER.global.map((s) => s.name)).toEqual(['organizations']);
    expect(RUN_ORDER.perOrganization.map((s) => s.name)).toEqual([
      'cardholders',
      'cards',
      'account-entries',
      'transactions',
      'bill-payments',
      'receipts',
    ]);
  });

  it('is the same whatever order the registry lists them in', () => {
    const reversed = orderStreams([...STREAMS].reverse());
    const position = (name: string) => reversed.perOrganization.findIndex((s) => s.name === name);
    expect(position('cards')).toBeLessThan(position('transactions'));
    expect(position('account-entries')).toBeLessThan(position('transactions'));
    expect(position('account-entries')).toBeLessThan(position('bill-payments'));
    expect(position('transactions')).toBeLessThan(position('receipts'));
  });

  it('refuses a cycle and a stream that names no stream', () => {
    const cards = { ...byName('cards'), after: ['receipts'] } as SomeStream;
    expect(() => orderStreams(STREAMS.map((s) => (s.name === 'cards' ? cards : s)))).toThrow(
      /wait on each other: their "after" lists form a cycle/,
    );
    const odd = { ...byName('cards'), after: ['payments'] } as unknown as SomeStream;
    expect(() => orderStreams(STREAMS.map((s) => (s.name === 'cards' ? odd : s)))).toThrow(
      'stream cards runs after "payments", which is not a stream',
    );
  });
});
