import { createLedgerRuntime } from '../../src/main/ledger-runtime.ts';
import { systemClock } from '../../src/ports/clock.ts';
import type { Store } from '../../src/ports/store.ts';
import type { BenchBackend } from '../bench-backends.ts';
import { withBenchDatabase } from '../bench-backends.ts';
import { benchEvents, seedBenchMasterData } from '../bench-events.ts';
import { type BenchContext, type BenchRow, type BenchSuite, type Progress, skippedRows } from '../bench-result.ts';
import { measurePostgresRawWrites } from './postgres-raw-writes.ts';
import { measureSqliteRawWrites } from './sqlite-raw-writes.ts';

const SUITE = 'ingest in-process';
const SKUS = 1_000;
const NODES = 10;
const BATCH_SIZE = 500;
/** Batches in flight, as that many concurrent HTTP requests would submit them. */
const CONCURRENCY = 8;

/**
 * Events per second through the real ingestion use case (validation, master-data check, group
 * commit, pure decisions, ledger, positions, channel-availability projection), with `concurrency`
 * batches of `batchSize` in flight. Events are generated before timing; every one must be accepted.
 */
export async function measureInProcessIngest(
  store: Store,
  options: { events: number; skus: number; nodes: number; batchSize: number; concurrency: number; progress: Progress },
): Promise<number> {
  await seedBenchMasterData(store, options.skus, options.nodes);
  // The production write side: ledger writer plus the channel-availability projection (no policy stored).
  const { ingestor } = createLedgerRuntime(store, systemClock, { current: () => null, version: () => 0 });
  const batches: object[][] = [];
  for (let from = 0; from < options.events; from += options.batchSize)
    batches.push(benchEvents(from, Math.min(options.batchSize, options.events - from), options.skus, options.nodes));
  let next = 0;
  let rejected = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as object[];
      const verdicts = await ingestor.ingest(batch, { allowedSource: null });
      rejected += verdicts.filter((v) => v.status !== 'accepted').length;
      if (next % 20 === 0) options.progress(`${next}/${batches.length} batches`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  if (rejected > 0) throw new Error(`${rejected} benchmark events were not accepted; the benchmark is broken`);
  const movements = await store.ledger.countMovements();
  if (movements !== options.events) throw new Error(`${movements} movements for ${options.events} events; the benchmark is broken`);
  return options.events / seconds;
}

async function inProcess(backend: BenchBackend, events: number, progress: Progress): Promise<number> {
  return withBenchDatabase(backend, async (database) => {
    const store = await database.openStore();
    try {
      return await measureInProcessIngest(store, { events, skus: SKUS, nodes: NODES, batchSize: BATCH_SIZE, concurrency: CONCURRENCY, progress });
    } finally {
      await store.close();
    }
  });
}

const IN_PROCESS_METRIC = `events, batches of ${BATCH_SIZE}, ${CONCURRENCY} in flight`;

async function sqliteRows(backend: BenchBackend, context: BenchContext, synchronous: 'full' | 'normal'): Promise<BenchRow[]> {
  const events = context.quick ? 100_000 : 400_000;
  context.progress(`sqlite raw loop, ${events.toLocaleString('en-US')} events`);
  const raw = measureSqliteRawWrites(events, SKUS, NODES, synchronous);
  const limit = { name: 'raw loop', value: raw, unit: 'events/s' };
  context.progress(`sqlite in-process, ${events.toLocaleString('en-US')} events`);
  const rate = await inProcess(backend, events, (m) => context.progress(`sqlite in-process: ${m}`));
  return [
    {
      suite: SUITE,
      backend: 'sqlite',
      metric: 'raw loop: insert + guarded update per event, 1,000/tx',
      value: raw,
      unit: 'events/s',
      note: `better-sqlite3 prepared statements, WAL, synchronous=${synchronous}`,
    },
    { suite: SUITE, backend: 'sqlite', metric: IN_PROCESS_METRIC, value: rate, unit: 'events/s', limit, target: { value: 100_000, direction: 'min' } },
  ];
}

async function postgresRows(backend: BenchBackend, context: BenchContext): Promise<BenchRow[]> {
  const events = context.quick ? 30_000 : 200_000;
  const perRowEvents = context.quick ? 4_000 : 20_000;
  context.progress(`postgres raw loop (set-based), ${events.toLocaleString('en-US')} events`);
  const raw = await withBenchDatabase(backend, (db) => measurePostgresRawWrites(db.databaseUrl, { events, skus: SKUS, nodes: NODES, perRow: false }));
  context.progress(`postgres raw loop (statement per row), ${perRowEvents.toLocaleString('en-US')} events`);
  const perRow = await withBenchDatabase(backend, (db) =>
    measurePostgresRawWrites(db.databaseUrl, { events: perRowEvents, skus: SKUS, nodes: NODES, perRow: true }),
  );
  context.progress(`postgres in-process, ${events.toLocaleString('en-US')} events`);
  const rate = await inProcess(backend, events, (m) => context.progress(`postgres in-process: ${m}`));
  return [
    {
      suite: SUITE,
      backend: 'postgres',
      metric: 'raw loop: set-based insert + guarded update, 1,000/tx',
      value: raw,
      unit: 'events/s',
      note: 'pg, one connection, unnest arrays, 2 prepared statements per tx',
    },
    {
      suite: SUITE,
      backend: 'postgres',
      metric: 'raw loop: statement per row, 1,000/tx',
      value: perRow,
      unit: 'events/s',
      note: 'pg does not pipeline: 2 round trips per event',
    },
    {
      suite: SUITE,
      backend: 'postgres',
      metric: IN_PROCESS_METRIC,
      value: rate,
      unit: 'events/s',
      limit: { name: 'set-based raw loop', value: raw, unit: 'events/s' },
      target: { value: 10_000, direction: 'min' },
    },
  ];
}

/** Ingestion through the use case in this process, beside the raw write loop of each database. */
export function ingestInProcessSuite(synchronous: 'full' | 'normal'): BenchSuite {
  return {
    name: SUITE,
    async run(context) {
      const rows: BenchRow[] = [];
      for (const backend of context.backends) {
        if (backend.skipReason !== null) {
          rows.push(...skippedRows(SUITE, backend, [{ metric: IN_PROCESS_METRIC, unit: 'events/s' }]));
        } else if (backend.name === 'sqlite') {
          rows.push(...(await sqliteRows(backend, context, synchronous)));
        } else {
          rows.push(...(await postgresRows(backend, context)));
        }
      }
      return rows;
    },
  };
}
