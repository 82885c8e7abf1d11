import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.ts';
import { PolicyHolder } from '../../app/policy-holder.ts';
import type { OpenSimulationTarget } from '../../ports/simulation-target.ts';
import { createLedgerRuntime } from '../ledger-runtime.ts';
import { inProcessTarget } from './in-process-target.ts';

/**
 * The in-process simulation target: a scratch SQLite file in the temp directory with the server's
 * write side (createLedgerRuntime) on a clock the runner sets. `synchronous=normal`: the file is
 * thrown away after the run, so a commit need not survive a power loss (WAL without fsync per
 * commit). `dispose` deletes it.
 */
export const openSimulationEngine: OpenSimulationTarget = async (startMs) => {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-sim-'));
  let nowMs = startMs;
  const clock = { now: () => nowMs };
  const store = openSqliteStore({ path: join(dir, 'simulation.sqlite'), synchronous: 'normal', now: clock.now });
  const policies = new PolicyHolder(store.policies);
  const runtime = createLedgerRuntime(store, clock, policies);
  return inProcessTarget({
    description: 'in-process, scratch SQLite',
    store,
    runtime,
    policies,
    clock,
    setTime: (ms) => {
      nowMs = Math.max(nowMs, ms);
    },
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
};
