import { PolicyHolder } from '../../app/policy-holder.ts';
import type { SimulationTarget } from '../../ports/simulation-target.ts';
import type { Store } from '../../ports/store.ts';
import { createLedgerRuntime } from '../ledger-runtime.ts';
import { inProcessTarget } from './in-process-target.ts';

/** A scratch store opened for one simulation run, and how to throw it away (close it, then delete its file or database). */
export type ScratchStore = { readonly store: Store; readonly dispose: () => Promise<void> };

/**
 * The body every scratch engine shares, whatever its database: a clock the runner sets, starting
 * at `startMs` (the store records times from it too, hence `open` receives it), and the server's
 * write side (createLedgerRuntime) on the store. Only `open` differs between SQLite and PostgreSQL,
 * so both run exactly the same engine and their outcomes can be compared (test/simulation/simulate-postgres.test.ts).
 * A failure after the store opened disposes it before rethrowing.
 */
export async function openScratchEngine(
  startMs: number,
  description: string,
  open: (now: () => number) => ScratchStore | Promise<ScratchStore>,
): Promise<SimulationTarget> {
  let nowMs = startMs;
  const clock = { now: () => nowMs };
  const { store, dispose } = await open(clock.now);
  try {
    const policies = new PolicyHolder(store.policies);
    const runtime = createLedgerRuntime(store, clock, policies);
    return inProcessTarget({
      description,
      store,
      runtime,
      policies,
      clock,
      setTime: (ms) => {
        nowMs = Math.max(nowMs, ms);
      },
      dispose,
    });
  } catch (error) {
    await dispose();
    throw error;
  }
}
