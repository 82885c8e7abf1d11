import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.ts';
import { loadScenarioFile } from '../../app/simulation/load-scenario-file.ts';
import { type LivePlay, prepareLivePlay } from '../../app/simulation/play-live.ts';
import type { CliOutput, DemoOptions } from '../../cli/cli-context.ts';
import { CliError } from '../../cli/cli-error.ts';
import type { Scenario } from '../../core/simulation/scenario-schema.ts';
import { isNewDatabase } from '../load-demo-data.ts';
import { ConfigurationError, type DatabaseLocation, parseDatabaseUrl, parseSqliteSynchronous } from '../open-store.ts';
import { inProcessTarget } from '../simulation/in-process-target.ts';
import { type RunningServer, runUntilSignal, type ServerParts, serverLogger, startServerOn } from '../start-server.ts';
import { type DemoClock, DemoStopped, demoClock, Pacer } from './demo-clock.ts';
import { browsableAddress, demoBanner, demoStatus, demoWindowPlayed } from './demo-console.ts';
import { type DemoState, readDemoState, removeDemoDatabase, writeDemoState } from './demo-state.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The demo's own database: never the configured one, so simulated traffic never mixes with real data. */
export const DEMO_DATABASE_DEFAULT = 'sqlite:./data/demo.sqlite';
/** The scenario the demo plays (docs/simulator.md). */
const SCENARIO_PATH = fileURLToPath(new URL('../../../scenarios/fashion-weekend.yaml', import.meta.url));
/**
 * A tenth of fashion-weekend's SKUs and stores: about 85 happenings an hour (an online order every
 * minute or so in real time), and a database of a few megabytes after a whole window.
 */
export const DEMO_SIZES_DEFAULT = { skus: 200, stores: 30 } as const;
export const DEMO_SEED_DEFAULT = 1;
/** A status line this often (wall time): enough to see it move, not a flood. */
const STATUS_INTERVAL_MS = 10_000;
/** The clock's high-water mark is saved this often, so a crash loses at most this much of it (see `clockBoundMs`). */
const STATE_SAVE_INTERVAL_MS = 2_000;

/** The traffic's end: the window played, stopped by `stop`, or failed (the error was logged; the server keeps serving). */
export type TrafficEnd = 'played' | 'stopped' | 'failed';

/** A running demo: the server, the traffic playing through it, and how to stop both. */
export type RunningDemo = {
  readonly address: string;
  readonly logger: Logger;
  readonly play: LivePlay;
  readonly run: number;
  readonly clock: DemoClock;
  /** Settles when the traffic ends. */
  readonly traffic: Promise<TrafficEnd>;
  /** Stops the traffic (an item in flight finishes), then the server (in-flight requests answered, every commit made). */
  stop(): Promise<void>;
};

/** `--database`, or the demo's default: an SQLite file only (the demo is the embedded quick start). */
function demoDatabasePath(database: string | null): string {
  let location: DatabaseLocation;
  try {
    location = parseDatabaseUrl(database ?? DEMO_DATABASE_DEFAULT);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new CliError(`--database "${database}" is not a database URL`, 'pass --database sqlite:PATH');
    throw error;
  }
  if (location.kind !== 'sqlite' || location.path === ':memory:')
    throw new CliError('omnistock demo runs on an SQLite file', 'pass --database sqlite:PATH, or leave it out for ./data/demo.sqlite');
  return location.path;
}

async function loadScenario(): Promise<Scenario> {
  const loaded = await loadScenarioFile(SCENARIO_PATH);
  if (!loaded.ok) throw new CliError(loaded.error);
  return loaded.value;
}

/** The world's sizes and seed: those the database was loaded with, else the flags, else the defaults. */
function worldOf(options: DemoOptions, state: DemoState | null, err: CliOutput) {
  if (state === null)
    return { skus: options.skus ?? DEMO_SIZES_DEFAULT.skus, stores: options.stores ?? DEMO_SIZES_DEFAULT.stores, seed: options.seed ?? DEMO_SEED_DEFAULT };
  const asked = { skus: options.skus, stores: options.stores, seed: options.seed };
  const differs = Object.entries(asked).filter(([k, v]) => v !== null && v !== state[k as keyof typeof asked]);
  if (differs.length > 0)
    err.write(
      `demo: this database holds a retailer of ${state.skus} SKUs and ${state.stores} stores (seed ${state.seed}); ` +
        `ignoring ${differs.map(([k]) => `--${k}`).join(', ')} (add --reset to start over with them)\n`,
    );
  return { skus: state.skus, stores: state.stores, seed: state.seed };
}

/**
 * `omnistock demo`'s composition root (docs/simulator.md, "Live demo"): the server exactly as
 * `serve` starts it (same app, bootstrap key, schedulers), on the demo's own SQLite database and
 * on a clock it shares with the fashion-weekend traffic it then plays through the server's own
 * engine in-process, so every request shows the traffic as it happens.
 */
export async function startDemo(options: DemoOptions, env: Env, out: { stdout: CliOutput; stderr: CliOutput }): Promise<RunningDemo> {
  const path = demoDatabasePath(options.database);
  if (options.reset) removeDemoDatabase(path);
  // A state without its database is left over from a database deleted by hand: start afresh.
  const state = existsSync(path) ? readDemoState(path) : null;
  const scenario = await loadScenario();
  const world = worldOf(options, state, out.stderr);
  // Never before what an earlier run recorded; whole seconds read better in the API.
  const startMs = Math.ceil(Math.max(Date.now(), state?.clockMaxMs ?? 0) / 1_000) * 1_000;
  const clock = demoClock(startMs, options.speed);
  const pacer = new Pacer(clock);
  const logger = serverLogger(env);
  const store = openSqliteStore({ path, synchronous: parseSqliteSynchronous(env.OMNISTOCK_SQLITE_SYNCHRONOUS), now: clock.now });
  logger.info({ database: `sqlite:${path}`, speed: options.speed, start: new Date(startMs).toISOString() }, 'store open (omnistock demo)');
  // Checked before the server prepares the store (which writes its bootstrap key): a database with
  // data and no demo state is someone's real data, passed by mistake; the demo writes nothing into it.
  const fresh = await isNewDatabase(store).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  if (!fresh && state === null) {
    await store.close();
    throw new CliError(
      `${path} holds data that omnistock demo did not load; the demo plays only on its own database`,
      'pass another --database, or leave it out',
    );
  }
  const run = fresh ? 1 : (state?.runs ?? 0) + 1;
  let prepared: LivePlay | undefined;
  const beforeListen = async (parts: ServerParts) => {
    // Saved before the retailer is loaded: from here on the database is the demo's, and --reset may delete it.
    writeDemoState(path, { scenario: scenario.name, ...world, runs: run, clockMaxMs: clockBoundMs(clock) });
    const target = inProcessTarget({ description: 'omnistock demo', ...parts, clock, setTime: () => undefined, dispose: async () => undefined });
    prepared = await prepareLivePlay({ scenario, sizes: world, seed: world.seed, run, fresh, startMs, target, pace: pacer.pace, wallNowMs: Date.now });
    logger.info({ run, fresh, skus: world.skus, stores: world.stores, seed: world.seed, happenings: prepared.happenings }, 'demo traffic ready');
  };
  const server = await startServerOn(
    { store, clock, logger, feeds: new Map(), erp: null, beforeListen },
    { port: options.port, host: options.host, demo: false, policyFile: null },
    env,
    out.stdout,
  );
  const play = prepared;
  if (play === undefined) throw new Error('the server started without preparing the demo traffic');
  const saveState = (clockMaxMs: number) => writeDemoState(path, { scenario: scenario.name, ...world, runs: run, clockMaxMs });
  saveState(clockBoundMs(clock));
  const address = browsableAddress(server.address, options.host);
  out.stdout.write(demoBanner({ play, run, speed: options.speed, database: path, address }));
  clock.run();
  return playTraffic({ server, play, run, clock, pacer, address, saveState, stderr: out.stderr });
}

/**
 * A bound on the clock until the next save: a crash (no graceful stop) may leave the last save
 * this far behind, and the next run must still start after everything recorded.
 */
const clockBoundMs = (clock: DemoClock): number => clock.now() + 2 * STATE_SAVE_INTERVAL_MS * clock.speed;

type TrafficParts = {
  readonly server: RunningServer;
  readonly play: LivePlay;
  readonly run: number;
  readonly clock: DemoClock;
  readonly pacer: Pacer;
  readonly address: string;
  readonly saveState: (clockMaxMs: number) => void;
  readonly stderr: CliOutput;
};

/** Starts the traffic, its status line and the state saves; `stop` ends them in order, then the server. */
function playTraffic(t: TrafficParts): RunningDemo {
  const { server, play, clock, stderr } = t;
  let stopping = false;
  let lastEvents = 0;
  let lastWallMs = Date.now();
  const status = async () => {
    const stats = await server.parts.store.cases.stats(clock.now());
    const openCases = stats.byTypeAndStatus.filter((s) => s.status === 'open' || s.status === 'acknowledged').reduce((sum, s) => sum + s.count, 0);
    const wallMs = Date.now();
    const eventsPerSecond = ((play.counts.eventsSent - lastEvents) * 1_000) / Math.max(1, wallMs - lastWallMs);
    [lastEvents, lastWallMs] = [play.counts.eventsSent, wallMs];
    stderr.write(demoStatus({ play, nowMs: clock.now(), speed: clock.speed, openCases, eventsPerSecond }));
  };
  // A status read that a stop overtakes (the store closing under it) is not worth an error line.
  const statusTimer = setInterval(
    () => void status().catch((error: unknown) => stopping || server.logger.error({ err: error }, 'demo status failed')),
    STATUS_INTERVAL_MS,
  );
  const save = () => {
    try {
      t.saveState(clockBoundMs(clock));
    } catch (error) {
      server.logger.error({ err: error }, 'the demo state could not be saved; a restart may start its clock too early');
    }
  };
  const saveTimer = setInterval(save, STATE_SAVE_INTERVAL_MS);
  const traffic = play.play().then(
    (result): TrafficEnd => {
      clearInterval(statusTimer);
      stderr.write(demoWindowPlayed(result.outcome));
      return 'played';
    },
    (error: unknown): TrafficEnd => {
      clearInterval(statusTimer);
      if (stopping && error instanceof DemoStopped) return 'stopped';
      server.logger.error({ err: error }, 'the demo traffic failed; the server keeps running');
      stderr.write(`demo: the simulated traffic stopped on an error: ${(error as Error).message}\n`);
      return 'failed';
    },
  );
  return {
    address: t.address,
    logger: server.logger,
    play,
    run: t.run,
    clock,
    traffic,
    stop: async () => {
      stopping = true;
      t.pacer.stop();
      await traffic;
      clearInterval(statusTimer);
      clearInterval(saveTimer);
      t.saveState(clock.now());
      await server.stop();
    },
  };
}

/** Runs the demo until SIGTERM or SIGINT, then stops the traffic and the server gracefully. */
export async function demoUntilSignal(options: DemoOptions, env: Env, out: { stdout: CliOutput; stderr: CliOutput }): Promise<void> {
  const demo = await startDemo(options, env, out);
  await runUntilSignal(demo);
}
