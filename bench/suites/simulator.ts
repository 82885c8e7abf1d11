import { loadScenarioFile } from '../../src/app/simulation/load-scenario-file.ts';
import { simulate } from '../../src/app/simulation/simulate.ts';
import type { Scenario } from '../../src/core/simulation/scenario-schema.ts';
import { openPostgresSimulationEngine } from '../../src/main/simulation/open-postgres-simulation-engine.ts';
import { openSimulationEngine } from '../../src/main/simulation/open-simulation-engine.ts';
import type { OpenSimulationTarget } from '../../src/ports/simulation-target.ts';
import { type BenchBackend, withBenchDatabase } from '../bench-backends.ts';
import { type BenchContext, type BenchRow, type BenchSuite, type Progress, skippedRows } from '../bench-result.ts';
import { measurePostgresRawWrites } from './postgres-raw-writes.ts';
import { measureSqliteRawWrites } from './sqlite-raw-writes.ts';

const SUITE = 'simulator';
const SEED = 1;
/** The raw loop's positions, as in the ingestion suite: it measures the database, not the scenario. */
const RAW_SKUS = 1_000;
const RAW_NODES = 10;

/**
 * The scaled-down fashion-weekend each mode runs, and the raw loop's events beside it. Quick:
 * about 1,800 events, some 15 s on PostgreSQL and 4 s on SQLite on 2 busy cores, so that the whole
 * quick run stays under two minutes; full: about 8,000 events.
 */
const sizeOf = (quick: boolean) =>
  quick
    ? { skus: 50, stores: 15, sqliteRawEvents: 20_000, postgresRawEvents: 2_000 }
    : { skus: 200, stores: 40, sqliteRawEvents: 100_000, postgresRawEvents: 10_000 };

const metricOf = (quick: boolean) => {
  const { skus, stores } = sizeOf(quick);
  return `fashion-weekend event run, ${skus} SKUs × ${stores} stores, in-process`;
};

async function fashionWeekend(): Promise<Scenario> {
  const loaded = await loadScenarioFile(new URL('../../scenarios/fashion-weekend.yaml', import.meta.url).pathname);
  if (!loaded.ok) throw new Error(`scenarios/fashion-weekend.yaml: ${loaded.error}`);
  return loaded.value;
}

/**
 * The simulator's own rate: events the run handed the engine (`eventsProcessed`) over the run's
 * wall time, as `omnistock simulate --json` reports them; orders, reads and returns of the run
 * are in that time too, so this is the scenario's speed end to end, not the ingestion rate.
 */
async function simulatorRate(openTarget: OpenSimulationTarget, quick: boolean, progress: Progress): Promise<{ rate: number; events: number }> {
  const { skus, stores } = sizeOf(quick);
  const result = await simulate({
    scenario: await fashionWeekend(),
    seed: SEED,
    overrides: { skus, stores },
    runs: [{ sync: { kind: 'event' }, exposureBuffers: true }],
    openTarget,
    wallNowMs: () => Date.now(),
    onProgress: (label, done, total) => {
      if (done % 100 === 0 || done === total) progress(`${label} run: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} happenings`);
    },
  });
  const outcome = result.report.runs[0];
  if (outcome === undefined || outcome.eventsProcessed === 0) throw new Error('the simulation processed no event; the benchmark is broken');
  return { rate: outcome.eventsProcessed / outcome.wallSeconds, events: outcome.eventsProcessed };
}

const RAW_METRIC = 'raw loop: insert + guarded update per event, statement per row, 1,000/tx';

function rows(backend: 'sqlite' | 'postgres', quick: boolean, raw: number, sim: { rate: number; events: number }, rawNote: string): BenchRow[] {
  return [
    { suite: SUITE, backend, metric: RAW_METRIC, value: raw, unit: 'events/s', note: rawNote },
    {
      suite: SUITE,
      backend,
      metric: metricOf(quick),
      value: sim.rate,
      unit: 'events/s',
      limit: { name: 'raw loop', value: raw, unit: 'events/s' },
      note: `${sim.events.toLocaleString('en-US')} events with the run's orders, reads and returns`,
    },
  ];
}

async function sqliteRows(context: BenchContext): Promise<BenchRow[]> {
  const { sqliteRawEvents } = sizeOf(context.quick);
  // synchronous=normal: the scratch engine's setting (open-simulation-engine.ts), whatever the server's.
  context.progress(`sqlite raw loop, ${sqliteRawEvents.toLocaleString('en-US')} events`);
  const raw = measureSqliteRawWrites(sqliteRawEvents, RAW_SKUS, RAW_NODES, 'normal');
  const sim = await simulatorRate(openSimulationEngine, context.quick, (m) => context.progress(`sqlite ${m}`));
  return rows('sqlite', context.quick, raw, sim, 'better-sqlite3 prepared statements, WAL, synchronous=normal as the scratch engine');
}

async function postgresRows(backend: BenchBackend, context: BenchContext): Promise<BenchRow[]> {
  const { postgresRawEvents } = sizeOf(context.quick);
  return withBenchDatabase(backend, async (database) => {
    context.progress(`postgres raw loop, ${postgresRawEvents.toLocaleString('en-US')} events`);
    const raw = await measurePostgresRawWrites(database.databaseUrl, { events: postgresRawEvents, skus: RAW_SKUS, nodes: RAW_NODES, perRow: true });
    // The engine creates (and drops) its own scratch database on the same server, from this one.
    const sim = await simulatorRate(openPostgresSimulationEngine(database.databaseUrl), context.quick, (m) => context.progress(`postgres ${m}`));
    return rows('postgres', context.quick, raw, sim, 'pg, one connection: 2 round trips per event, as the engine’s small commits pay them');
  });
}

/**
 * `omnistock simulate`'s speed: a scaled-down fashion-weekend, event-driven, through the scratch
 * engine on SQLite and on PostgreSQL, beside the raw statement-per-row write loop of the same
 * database measured just before. The simulator commits a few events, an order or a return at a
 * time, so the statement-per-row loop (not the set-based one of the ingestion suite) is its limit.
 */
export function simulatorSuite(): BenchSuite {
  return {
    name: SUITE,
    async run(context) {
      const out: BenchRow[] = [];
      for (const backend of context.backends) {
        if (backend.skipReason !== null) out.push(...skippedRows(SUITE, backend, [{ metric: metricOf(context.quick), unit: 'events/s' }]));
        else if (backend.name === 'sqlite') out.push(...(await sqliteRows(context)));
        else out.push(...(await postgresRows(backend, context)));
      }
      return out;
    },
  };
}
