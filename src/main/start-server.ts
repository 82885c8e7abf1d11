import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { ensureBootstrapAdmin } from '../app/api-keys.ts';
import type { EventIngestor } from '../app/ingest-events.ts';
import { loadPolicyFile } from '../app/load-policy-file.ts';
import { PolicyHolder } from '../app/policy-holder.ts';
import type { CliOutput, ServeOptions } from '../cli/cli-context.ts';
import { CliError } from '../cli/cli-error.ts';
import { buildHttpApp } from '../http/build-http-app.ts';
import { ServiceMetrics } from '../http/service-metrics.ts';
import type { ChannelFeedConfig } from '../ports/channel-connector.ts';
import type { Clock } from '../ports/clock.ts';
import type { ErpConnectorConfig } from '../ports/erp-connector.ts';
import type { Store } from '../ports/store.ts';
import { createLedgerRuntime, type LedgerRuntime } from './ledger-runtime.ts';
import { isNewDatabase, loadDemoData } from './load-demo-data.ts';
import { describeLocation, openStore, parseDatabaseUrl } from './open-store.ts';
import { createReconciliation, startReconciliationSchedule } from './reconciliation-runtime.ts';
import { createReplenishment, startReplenishmentSchedule } from './replenishment-runtime.ts';
import { loadServeErp, startErpDispatcher } from './start-erp-dispatcher.ts';
import { loadServeFeeds, startFeedDispatcher } from './start-feed-dispatcher.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** What the server runs on: its store and the write side built on it (the demo drives these in-process). */
export type ServerParts = {
  readonly store: Store;
  readonly runtime: LedgerRuntime;
  readonly policies: PolicyHolder;
};

/** A listening server and how to stop it gracefully. */
export type RunningServer = {
  readonly app: FastifyInstance;
  /** `http://host:port` as bound (the real port when 0 was asked). */
  readonly address: string;
  readonly logger: Logger;
  readonly parts: ServerParts;
  /** Stops accepting requests, lets in-flight ones finish, waits for pending commits, closes the store. */
  stop(): Promise<void>;
};

/** A store opened by the caller, and what the server needs besides the options. */
export type ServerSetup = {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly feeds: ReadonlyMap<string, ChannelFeedConfig>;
  readonly erp: ErpConnectorConfig | null;
  /**
   * Runs after the store is prepared (policy, bootstrap key) and before the server listens, so the
   * first request already sees what it did: `omnistock demo` loads its retailer here.
   */
  readonly beforeListen?: (parts: ServerParts) => Promise<void>;
};

/** The server's logger: JSON lines on stdout (`LOG_LEVEL`, default info). */
export const serverLogger = (env: Env): Logger => pino({ level: env.LOG_LEVEL ?? 'info', base: { service: 'omnistock' } });

/** Prints a new bootstrap secret once, set apart from the JSON log lines so nobody misses it. */
function printBootstrapSecret(secret: string, out: CliOutput): void {
  const line = '='.repeat(78);
  out.write(
    `${line}\n  A bootstrap admin API key was created. It is shown ONCE; store it now:\n\n    ${secret}\n\n` +
      `  Use it as: Authorization: Bearer <key>   (or set OMNISTOCK_ADMIN_KEY to choose your own)\n${line}\n`,
  );
}

/** The demo's policy, loaded with the demo data into a new database (docs/policy.md). */
const DEMO_POLICY_PATH = fileURLToPath(new URL('../../demo/policy.yaml', import.meta.url));

/** How often the server picks up policy versions stored by other processes. */
const POLICY_REFRESH_INTERVAL_MS = 5_000;

/** How often due reservation expiries are swept (the "scheduler"): a hold outlives its TTL by at most this. */
const EXPIRY_SWEEP_INTERVAL_MS = 1_000;

type Prepared = { readonly runtime: LedgerRuntime; readonly ingestor: EventIngestor; readonly policies: PolicyHolder };

/** Demo data (new database only), the bootstrap admin key, and the policy in force. */
async function prepareStore(
  store: Store,
  feedChannels: ReadonlySet<string>,
  options: ServeOptions,
  env: Env,
  clock: Clock,
  logger: Logger,
  out: CliOutput,
): Promise<Prepared> {
  const policies = new PolicyHolder(store.policies);
  await policies.refresh();
  const runtime = createLedgerRuntime(store, clock, policies, feedChannels);
  const ingestor = runtime.ingestor;
  const newDatabase = options.demo && (await isNewDatabase(store));
  const policyFile = options.policyFile ?? (newDatabase ? DEMO_POLICY_PATH : null);
  if (policyFile !== null) {
    const loaded = await loadPolicyFile(policyFile, { policies: store.policies, holder: policies, clock });
    if (!loaded.ok) throw new CliError(loaded.error, 'fix the policy file, or start without --policy and OMNISTOCK_POLICY');
    logger.info({ file: policyFile, ...loaded.value }, 'policy file');
  }
  await policies.refresh();
  if (newDatabase) {
    const loaded = await loadDemoData(store, ingestor, clock);
    logger.info(loaded, 'new database: loaded the demo retailer (start with --no-demo to skip)');
  }
  const secret = await ensureBootstrapAdmin(store, clock, env.OMNISTOCK_ADMIN_KEY);
  if (secret !== null) {
    logger.info('created the bootstrap admin key (its secret is printed once on stdout)');
    printBootstrapSecret(secret, out);
  }
  return { runtime, ingestor, policies };
}

/**
 * The server's composition root: opens the configured store (creating and migrating it), loads
 * the demo into a new database, ensures the bootstrap admin key, builds the HTTP app and listens.
 */
export async function startServer(options: ServeOptions, env: Env, clock: Clock, out: CliOutput): Promise<RunningServer> {
  const logger = serverLogger(env);
  const location = parseDatabaseUrl(env.OMNISTOCK_DATABASE_URL);
  const feeds = await loadServeFeeds(options, env);
  const erp = await loadServeErp(options.erpFile, env);
  const store = await openStore(env);
  logger.info(
    { database: describeLocation(location), synchronous: location.kind === 'sqlite' ? (env.OMNISTOCK_SQLITE_SYNCHRONOUS ?? 'full') : undefined },
    'store open',
  );
  return startServerOn({ store, clock, logger, feeds, erp }, options, env, out);
}

/**
 * The server on a store the caller opened (and the server now owns: `stop`, or a failed start,
 * closes it): prepares it, builds the HTTP app, listens, and starts the dispatchers and schedulers.
 */
export async function startServerOn(setup: ServerSetup, options: ServeOptions, env: Env, out: CliOutput): Promise<RunningServer> {
  const { store, clock, logger, feeds, erp } = setup;
  let app: FastifyInstance | undefined;
  try {
    const { runtime, ingestor, policies } = await prepareStore(store, new Set(feeds.keys()), options, env, clock, logger, out);
    await setup.beforeListen?.({ store, runtime, policies });
    const metrics = new ServiceMetrics(store.outbox);
    const replenishment = createReplenishment(store, runtime.writer, clock, policies);
    const reconciliation = createReconciliation(store, runtime.writer, clock, policies);
    app = await buildHttpApp(
      { store, ingestor, clock, policies, metrics, orders: runtime.orders, replenishment, reconcile: reconciliation.reconcile },
      { logger: { level: env.LOG_LEVEL ?? 'info', base: { service: 'omnistock' } } },
    );
    const address = await app.listen({ port: options.port, host: options.host });
    logger.info({ address, docs: `${address}/docs` }, 'listening');
    const dispatcher = startFeedDispatcher({ store, clock, metrics, logger, policies }, feeds);
    const erpDispatcher = erp === null ? null : startErpDispatcher({ store, clock, logger, policies }, erp);
    // Policy versions and channel changes from any process reach this one's projection here.
    const refresh = () =>
      void policies
        .refresh()
        .then(() => runtime.rebuildIfInputsChanged())
        .then((rebuilt) => rebuilt && logger.info('channel availability recomputed for a new policy version or channel change'))
        .catch((error: unknown) => logger.error({ err: error }, 'policy refresh or availability rebuild failed'));
    refresh();
    const refresher = setInterval(refresh, POLICY_REFRESH_INTERVAL_MS);
    refresher.unref();
    // Reservation expiries: timers live in the database, so whatever was due while no process ran is swept at once.
    const sweep = () => void runtime.expiry.sweep().catch((error: unknown) => logger.error({ err: error }, 'reservation expiry sweep failed'));
    const sweeper = setInterval(sweep, EXPIRY_SWEEP_INTERVAL_MS);
    sweeper.unref();
    const stopReplenishment = startReplenishmentSchedule(replenishment.run, policies, clock, logger);
    const stopReconciliation = startReconciliationSchedule(reconciliation.scheduled, logger);
    const running = app;
    return {
      app: running,
      address,
      logger,
      parts: { store, runtime, policies },
      stop: async () => {
        clearInterval(refresher);
        clearInterval(sweeper);
        await running.close();
        await stopReplenishment();
        await stopReconciliation();
        await ingestor.idle();
        await dispatcher.stop();
        await erpDispatcher?.stop();
        await store.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(
        `port ${options.port} on ${options.host} is already in use`,
        'stop the other process, or pass --port (or set PORT) to use another port',
      );
    }
    throw error;
  }
}

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * Runs the server until SIGTERM or SIGINT, then shuts down gracefully: no new requests, in-flight
 * ones answered, every accepted event committed, the store closed. A second signal exits at once.
 */
export async function serveUntilSignal(options: ServeOptions, env: Env, clock: Clock, out: CliOutput): Promise<void> {
  await runUntilSignal(await startServer(options, env, clock, out));
}

/**
 * Waits for SIGTERM or SIGINT, then stops `server` gracefully (bounded by 30 s). A second signal
 * exits at once. `omnistock serve` and `omnistock demo` share it.
 */
export async function runUntilSignal(server: { readonly logger: Logger; stop(): Promise<void> }): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        server.logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(130);
      }
      stopping = true;
      server.logger.info({ signal }, 'shutting down: finishing in-flight requests and commits');
      const timer = setTimeout(() => {
        server.logger.error(`shutdown took longer than ${SHUTDOWN_TIMEOUT_MS} ms; exiting`);
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      server.stop().then(() => {
        clearTimeout(timer);
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        server.logger.info('stopped');
        resolve();
      }, reject);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
