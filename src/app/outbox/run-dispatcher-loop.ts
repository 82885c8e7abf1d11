import type { OutboxDispatcher, TickSummary } from '../dispatch-outbox.ts';

export type DispatcherLoopOptions = {
  /** Pause after a tick that found nothing due (or failed), in milliseconds. */
  readonly idleMs: number;
  readonly signal: AbortSignal;
  /** Waits `ms` or until aborted; injected so a test can run the loop without sleeping. */
  readonly wait: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called with each tick's summary, or with the error of a tick that threw (store down). */
  readonly onTick?: (outcome: { summary: TickSummary } | { error: unknown }) => void;
};

/**
 * Runs ticks until `signal` aborts. A busy outbox is drained tick after tick without pausing;
 * an idle one is polled every `idleMs`. A tick that throws (the store is unreachable) is reported
 * and retried after `idleMs`: rows it had claimed are redelivered when their lease runs out.
 */
export async function runDispatcherLoop(dispatcher: OutboxDispatcher, options: DispatcherLoopOptions): Promise<void> {
  while (!options.signal.aborted) {
    let busy = false;
    try {
      const summary = await dispatcher.tick();
      options.onTick?.({ summary });
      busy = summary.claimed > 0;
    } catch (error) {
      options.onTick?.({ error });
    }
    if (!busy) await options.wait(options.idleMs, options.signal);
  }
}

/** The production `wait`: a timer that an abort cuts short. */
export function waitOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
