import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.ts';
import type { OpenSimulationTarget } from '../../ports/simulation-target.ts';
import { openScratchEngine } from './scratch-engine.ts';

/**
 * The in-process simulation target: a scratch SQLite file in the temp directory with the server's
 * write side (createLedgerRuntime) on a clock the runner sets. `synchronous=off`: the file is
 * thrown away after the run, so neither a commit nor the file need survive a power loss; the
 * checkpoints' fsyncs under `normal` cost about 8% of a default-size run. `dispose` deletes it.
 */
export const openSimulationEngine: OpenSimulationTarget = (startMs) =>
  openScratchEngine(startMs, 'in-process, scratch SQLite', (now) => {
    const dir = mkdtempSync(join(tmpdir(), 'omnistock-sim-'));
    const remove = () => rmSync(dir, { recursive: true, force: true });
    try {
      const store = openSqliteStore({ path: join(dir, 'simulation.sqlite'), synchronous: 'off', now });
      return {
        store,
        dispose: async () => {
          await store.close();
          remove();
        },
      };
    } catch (error) {
      remove();
      throw error;
    }
  });
