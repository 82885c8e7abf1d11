import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../ports/clock.ts';

/**
 * The fastest `omnistock demo --speed`: one simulated hour per wall second. Faster, a 60-hour
 * window would be over in under a minute and the engine, not the clock, would set the pace.
 */
export const DEMO_SPEED_MAX = 3_600;

/** The clock the demo's server and its simulated traffic share. */
export type DemoClock = Clock & {
  /** Simulated milliseconds per wall millisecond (1 = real time). */
  readonly speed: number;
  /** Starts the clock: until then it stands at its start, so loading the retailer takes no simulated time. */
  run(): void;
};

/**
 * A clock that stands at `startMs` until `run`, then runs `speed` times as fast as the wall clock,
 * measured on the monotonic clock (an NTP step of the system time never moves it backwards). The
 * server gets it too (ledger runtime, HTTP app, schedulers), so reservation TTLs, SLAs and business
 * times stay consistent with the traffic: at ×60 a 15-minute hold expires after 15 wall seconds.
 *
 * @example
 * const clock = demoClock(Date.now(), 1);
 * clock.run(); // from here on clock.now() ≈ Date.now(): real time
 */
export function demoClock(startMs: number, speed: number, wallMs: () => number = () => performance.now()): DemoClock {
  if (!(speed >= 1 && speed <= DEMO_SPEED_MAX)) throw new Error(`the demo speed must lie in [1, ${DEMO_SPEED_MAX}], got ${speed}`);
  let originMs: number | null = null;
  return {
    speed,
    now: () => (originMs === null ? startMs : startMs + Math.floor((wallMs() - originMs) * speed)),
    run: () => {
      originMs ??= wallMs();
    },
  };
}

/** Thrown by `pace` once the demo is stopping: the runner stops before its next item. */
export class DemoStopped extends Error {
  override readonly name = 'DemoStopped';
}

/**
 * Holds the simulated traffic back until the clock reaches each item's time (the runner calls
 * `pace` before every item), so events reach the engine when they happen and their time is never
 * ahead of the engine's clock (the ingestor refuses events more than 24 h ahead). `stop` wakes a
 * waiting `pace`, which then throws `DemoStopped`; an item already running finishes first.
 */
export class Pacer {
  private readonly stopper = new AbortController();

  constructor(private readonly clock: DemoClock) {}

  readonly pace = async (atMs: number): Promise<void> => {
    for (;;) {
      if (this.stopper.signal.aborted) throw new DemoStopped('the demo is stopping');
      const aheadMs = atMs - this.clock.now();
      if (aheadMs <= 0) return;
      // The only rejection is the abort of `stop`: it ends the wait, and the loop throws DemoStopped.
      await sleep(Math.ceil(aheadMs / this.clock.speed), undefined, { signal: this.stopper.signal }).catch(() => undefined);
    }
  };

  stop(): void {
    this.stopper.abort();
  }
}
