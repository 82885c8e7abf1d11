import type { Clock } from '../ports/clock.ts';
import type { OpenSimulationTarget } from '../ports/simulation-target.ts';
import type { Store } from '../ports/store.ts';

/** Where a command writes: process.stdout/stderr in production, a buffer in tests. */
export type CliOutput = { write(text: string): unknown; readonly isTTY?: boolean };

/** Options of `omnistock serve`, after parsing. */
export type ServeOptions = {
  readonly port: number;
  readonly host: string;
  /** Load the demo master data and opening stock when the database is new. */
  readonly demo: boolean;
  /** A policy YAML file to load at start (`--policy`, else `OMNISTOCK_POLICY`); null for none. */
  readonly policyFile: string | null;
  /**
   * The channel feeds file (`--feeds`, else `OMNISTOCK_FEEDS`); null or absent for none: then no
   * channel has a feed, and nothing is enqueued or pushed for any channel.
   */
  readonly feedsFile?: string | null;
  /**
   * The ERP file (`--erp`, else `OMNISTOCK_ERP`; docs/erp-documents.md): the connector ERP
   * documents are delivered to. Null or absent: documents are written but not delivered.
   */
  readonly erpFile?: string | null;
};

/** Options of `omnistock demo`, after parsing (docs/simulator.md, "Live demo"). */
export type DemoOptions = {
  readonly port: number;
  readonly host: string;
  /** Simulated time per wall time: 1 plays in real time, 60 (the default) an hour per minute, at most 3600. */
  readonly speed: number;
  /** Scale of the retailer and its seed; null = the default on a new database, the stored ones on a demo database. */
  readonly skus: number | null;
  readonly stores: number | null;
  readonly seed: number | null;
  /** `--database sqlite:PATH`; null = `./data/demo.sqlite`. `OMNISTOCK_DATABASE_URL` is never used. */
  readonly database: string | null;
  /** Delete the demo database first (only one the demo created). */
  readonly reset: boolean;
};

/**
 * How a command uses the store. `rerunnable: true` says the work is idempotent (an upsert of a
 * file), so it may trade per-commit fsyncs for speed: a power loss in the middle costs a rerun,
 * never a corrupt file or a lost answered event.
 */
export type StoreUse = { readonly rerunnable?: boolean };

/**
 * What the commands get from the composition root (src/main): they never pick adapters
 * themselves, which keeps src/cli free of database and HTTP imports (the dependency rule).
 */
export type CliContext = {
  /** Opens the configured store, runs `work`, and closes the store whatever happens. */
  withStore<T>(work: (store: Store) => Promise<T>, options?: StoreUse): Promise<T>;
  /** Runs the server until it is stopped by a signal. */
  serve(options: ServeOptions): Promise<void>;
  /**
   * Runs the server with live simulated traffic until it is stopped by a signal; absent where none
   * is wired (optional so that test contexts built for other commands need not stub it).
   */
  readonly demo?: (options: DemoOptions) => Promise<void>;
  /** Opens a scratch engine for `omnistock simulate` (docs/simulator.md); absent where none is wired. */
  readonly openSimulationEngine?: OpenSimulationTarget;
  /**
   * Opens the same in-process engine on PostgreSQL (`omnistock simulate --database postgres://…`):
   * each run gets a scratch database created on that server and dropped after it; absent where none is wired.
   */
  readonly openPostgresSimulationEngine?: (url: string) => OpenSimulationTarget;
  /**
   * Opens a running server as the simulation target (`omnistock simulate --url URL --api-key KEY`):
   * checks that it answers, that the key is an admin key and that its ledger is empty; absent where none is wired.
   */
  readonly openHttpSimulationTarget?: (url: string, apiKey: string) => OpenSimulationTarget;
  readonly clock: Clock;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
};
