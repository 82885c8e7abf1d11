import { LedgerWriter } from '../../src/app/ledger-writer.ts';
import { RunReplenishment } from '../../src/app/run-replenishment.ts';
import { type BenchBackend, withBenchDatabase } from '../bench-backends.ts';
import { seedBenchNodesAndChannels } from '../bench-events.ts';
import { type BenchContext, type BenchRow, type BenchSuite, skippedRows } from '../bench-result.ts';
import { loadItemsAndPositions } from '../bulk-load.ts';

const SUITE = 'replenishment run';
/** 9 stores and 1 DC: every SKU has a donor for its stores' transfers. */
const NODES = 10;
const HISTORY_DAYS = 28;
/** Target of issue 5 on SQLite: a full run over 50,000 (sku, node) pairs under 10 s on 2 cores. */
const TARGET_SECONDS = 10;

/** 28 days of weekly-shaped demand (weekend peaks), the same for every position: the fit's cost does not depend on the values. */
const UNITS = JSON.stringify(Array.from({ length: HISTORY_DAYS }, (_, d) => [3, 4, 4, 5, 6, 9, 8][d % 7]));

/**
 * The reads of a run as one bare query: every position joined with its demand series, counted.
 * What the store reads before any decision is made, so the ratio shows the cost of the rest.
 */
const BARE_READ_SQL = 'select count(*) as n, sum(length(d.units)) as bytes from position p join demand_series d on d.sku = p.sku and d.node = p.node';

async function measure(
  backend: BenchBackend,
  context: BenchContext,
  skus: number,
): Promise<{ seconds: number; bareSeconds: number; created: number; positions: number }> {
  return withBenchDatabase(backend, async (database) => {
    const store = await database.openStore();
    try {
      context.progress(`${backend.name}: loading ${(skus * NODES).toLocaleString('en-US')} positions and demand series (raw SQL)`);
      await seedBenchNodesAndChannels(store, NODES);
      await database.exec(`update node set type = 'dc' where node_id = 'B000'`);
      await loadItemsAndPositions(database, skus);
      const today = Math.floor(Date.now() / 86_400_000);
      await database.exec(
        `insert into demand_series (sku, node, first_day, units, updated_at) select sku, node, ${today - HISTORY_DAYS}, '${UNITS}', 0 from position`,
      );
      if (database.backend === 'postgres') await database.exec('vacuum analyze demand_series');
      await database.timeQuery(BARE_READ_SQL); // warms the cache for both measurements
      const bareSeconds = await database.timeQuery(BARE_READ_SQL);
      context.progress(`${backend.name}: replenishment run`);
      const clock = { now: () => Date.now() };
      const writer = new LedgerWriter(store, clock);
      const run = new RunReplenishment(store, writer, clock, { current: () => null });
      const started = performance.now();
      const summary = await run.run({ onProgress: (done, total) => context.progress(`${backend.name}: replenishment run ${done}/${total}`) });
      const seconds = (performance.now() - started) / 1000;
      await writer.idle();
      return { seconds, bareSeconds, created: summary.proposals.created, positions: summary.positions };
    } finally {
      await store.close();
    }
  });
}

/**
 * A full replenishment run (`RunReplenishment.run`, what `POST /v1/replenishment/run` and
 * `omnistock replenish` call) over 50,000 (sku, node) pairs (10,000 with --quick): 5,000 SKUs ×
 * 10 nodes, one a DC, each with 28 days of demand (Holt-Winters), loaded with raw SQL. Most
 * positions are under their reorder point, so the run also writes tens of thousands of proposals
 * and ERP requests. Beside it, the bare read of the same positions and series.
 */
export function replenishmentRunSuite(): BenchSuite {
  return {
    name: SUITE,
    async run(context) {
      const skus = context.quick ? 1_000 : 5_000;
      const metric = `full run, ${(skus * NODES).toLocaleString('en-US')} (sku, node) pairs`;
      const rows: BenchRow[] = [];
      for (const backend of context.backends) {
        if (backend.skipReason !== null) {
          rows.push(...skippedRows(SUITE, backend, [{ metric, unit: 's' }]));
          continue;
        }
        const m = await measure(backend, context, skus);
        rows.push({
          suite: SUITE,
          backend: backend.name,
          metric,
          value: m.seconds,
          unit: 's',
          limit: { name: 'bare read of positions and series', value: m.bareSeconds, unit: 's' },
          ...(backend.name === 'sqlite' && !context.quick && { target: { value: TARGET_SECONDS, direction: 'max' as const } }),
          note: `${m.positions.toLocaleString('en-US')} positions decided, ${m.created.toLocaleString('en-US')} proposals written`,
        });
      }
      return rows;
    },
  };
}
