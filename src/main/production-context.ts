import { openHttpSimulationTarget } from '../adapters/simulation-http/http-simulation-target.ts';
import { SimulationServerError } from '../adapters/simulation-http/simulation-server-error.ts';
import type { CliContext } from '../cli/cli-context.ts';
import { CliError } from '../cli/cli-error.ts';
import { systemClock } from '../ports/clock.ts';
import type { OpenSimulationTarget } from '../ports/simulation-target.ts';
import type { Store } from '../ports/store.ts';
import { ConfigurationError, openStore } from './open-store.ts';
import { openSimulationEngine } from './simulation/open-simulation-engine.ts';
import { serveUntilSignal } from './start-server.ts';

/** Configuration mistakes are the operator's to fix: show them as CLI errors, without a stack. */
async function openConfiguredStore(env: NodeJS.ProcessEnv): Promise<Store> {
  try {
    return await openStore(env);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new CliError(error.message, 'fix the variable, or unset it to use the embedded SQLite database');
    throw error;
  }
}

/**
 * `omnistock simulate --url`: a server that cannot be used (unreachable, key refused, ledger not
 * empty) is the operator's to fix, so its message is shown as a CLI error, without a stack.
 */
function openServerTarget(url: string, apiKey: string): OpenSimulationTarget {
  const open = openHttpSimulationTarget({ url, apiKey });
  return async (startMs) => {
    try {
      return await open(startMs);
    } catch (error) {
      if (error instanceof SimulationServerError) throw new CliError(error.message);
      throw error;
    }
  };
}

/**
 * `omnistock simulate --database postgres://…`: the PostgreSQL scratch engine, imported on first
 * use so a SQLite user never loads `pg` (as in open-store.ts); a server that cannot give a scratch
 * database (unreachable, no CREATEDB right) is the operator's to fix, shown as a CLI error.
 */
function openPostgresEngine(url: string): OpenSimulationTarget {
  return async (startMs) => {
    const { openPostgresSimulationEngine } = await import('./simulation/open-postgres-simulation-engine.ts');
    try {
      return await openPostgresSimulationEngine(url)(startMs);
    } catch (error) {
      if (error instanceof ConfigurationError) throw new CliError(error.message, 'pass a reachable server whose user may create databases');
      throw error;
    }
  };
}

/** The production context: the configured store, the real clock, the process's streams. */
export function productionContext(env: NodeJS.ProcessEnv = process.env): CliContext {
  return {
    withStore: async (work, use) => {
      // A rerunnable bulk write (import) commits with synchronous=normal unless the operator chose
      // a setting: thousands of upserts would otherwise pay one fsync each. Closing checkpoints the WAL.
      const bulk = use?.rerunnable === true && env.OMNISTOCK_SQLITE_SYNCHRONOUS === undefined;
      const store = await openConfiguredStore(bulk ? { ...env, OMNISTOCK_SQLITE_SYNCHRONOUS: 'normal' } : env);
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    },
    serve: async (options) => {
      try {
        await serveUntilSignal(options, env, systemClock, process.stdout);
      } catch (error) {
        if (error instanceof ConfigurationError) throw new CliError(error.message, 'fix the variable, or unset it to use the embedded SQLite database');
        throw error;
      }
    },
    demo: async (options) => {
      // Imported on first use: the other commands never load the simulator.
      const { demoUntilSignal } = await import('./demo/start-demo.ts');
      try {
        await demoUntilSignal(options, env, { stdout: process.stdout, stderr: process.stderr });
      } catch (error) {
        if (error instanceof ConfigurationError) throw new CliError(error.message, 'fix --database or OMNISTOCK_SQLITE_SYNCHRONOUS');
        throw error;
      }
    },
    openSimulationEngine,
    openPostgresSimulationEngine: openPostgresEngine,
    openHttpSimulationTarget: openServerTarget,
    clock: systemClock,
    env,
    stdout: process.stdout,
    stderr: process.stderr,
  };
}
