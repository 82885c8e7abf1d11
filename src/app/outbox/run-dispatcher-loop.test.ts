// The dispatcher loop without timers: it drains a busy outbox without pausing, pauses when idle
// or after a failed tick, reports both, and stops on abort.
import { describe, expect, it } from 'vitest';
import type { OutboxDispatcher, TickSummary } from '../dispatch-outbox.ts';
import { runDispatcherLoop, waitOrAbort } from './run-dispatcher-loop.ts';

const summary = (claimed: number): TickSummary => ({ claimed, superseded: 0, pushes: 0, delivered: claimed, retried: 0, dead: 0, deferred: 0 });

describe('runDispatcherLoop', () => {
  it('ticks back to back while busy, waits when idle or failing, and stops on abort', async () => {
    const script: (() => TickSummary)[] = [
      () => summary(5),
      () => summary(2),
      () => {
        throw new Error('store down');
      },
      () => summary(0),
    ];
    const dispatcher = { tick: async () => (script.shift() ?? (() => summary(0)))() } as unknown as OutboxDispatcher;
    const controller = new AbortController();
    const log: string[] = [];
    await runDispatcherLoop(dispatcher, {
      idleMs: 250,
      signal: controller.signal,
      wait: async (ms) => {
        log.push(`wait ${ms}`);
        if (script.length === 0) controller.abort();
      },
      onTick: (o) => log.push('error' in o ? `error ${(o.error as Error).message}` : `tick ${o.summary.claimed}`),
    });
    expect(log).toEqual(['tick 5', 'tick 2', 'error store down', 'wait 250', 'tick 0', 'wait 250']);
  });

  it('waitOrAbort returns at once when aborted', async () => {
    const controller = new AbortController();
    const pending = waitOrAbort(60_000, controller.signal);
    controller.abort();
    await expect(pending).resolves.toBeUndefined();
  });
});
