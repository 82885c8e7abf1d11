import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.ts';
import { PolicyHolder } from '../../app/policy-holder.ts';
import type { OpenSimulationEngine, SettableClock } from '../../app/simulation/simulation-engine.ts';
import { createLedgerRuntime } from '../ledger-runtime.ts';

/**
 * A simulation engine on a scratch SQLite file in the temp directory, with the server's write
 * side (createLedgerRuntime) on a settable clock. `synchronous=normal`: the file is thrown away
 * after the run, so a commit need not survive a power loss (WAL without fsync per commit).
 */
export const openSimulationEngine: OpenSimulationEngine = async (startMs) => {
  const dir = mkdtempSync(join(tmpdir(), 'omnistock-sim-'));
  let nowMs = startMs;
  const store = openSqliteStore({ path: join(dir, 'simulation.sqlite'), synchronous: 'normal', now: () => nowMs });
  const clock: SettableClock = {
    now: () => nowMs,
    set: (ms) => {
      nowMs = ms;
    },
  };
  const policies = new PolicyHolder(store.policies);
  const runtime = createLedgerRuntime(store, clock, policies);
  return {
    store,
    clock,
    policies,
    ingestor: runtime.ingestor,
    orders: { place: runtime.orders.place, reserve: runtime.orders.reserve, confirm: runtime.orders.confirm },
    rebuildIfInputsChanged: () => runtime.rebuildIfInputsChanged(),
    dispose: async () => {
      await runtime.writer.idle();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
