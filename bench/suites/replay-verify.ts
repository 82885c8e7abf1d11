import { type BenchBackend, withBenchDatabase } from '../bench-backends.ts';
import { type BenchContext, type BenchRow, type BenchSuite, skippedRows } from '../bench-result.ts';
import { loadMovementsAndPositions } from '../bulk-load.ts';

const SUITE = 'replay --verify';
/**
 * 10,000 positions as in the ingestion suites (5,000 with --quick). SQLite's verifyProjection
 * currently joins against an unindexed temporary table, so its time grows with positions squared
 * rather than with movements; more positions would not finish in a benchmark run.
 */
const skusOf = (quick: boolean): number => (quick ? 500 : 1_000);
const NODES = 10;

/**
 * The replay's own aggregation (see SqlLedgerReads.verifyProjection) as a bare query: the whole
 * ledger grouped into replayed positions, counted instead of stored and compared.
 */
const BARE_REPLAY_SQL = `
  select count(*) as n from (
    select sku, node, kind, sum(delta) as qty from (
      select sku, to_node as node, to_kind as kind, qty as delta from movement where to_node is not null
      union all
      select sku, from_node as node, from_kind as kind, -qty as delta from movement where from_node is not null
    ) d group by sku, node, kind
  ) g`;

async function measure(backend: BenchBackend, context: BenchContext, movements: number): Promise<{ verify: number; bare: number }> {
  return withBenchDatabase(backend, async (database) => {
    context.progress(`${backend.name}: loading ${movements.toLocaleString('en-US')} movements (raw SQL)`);
    await loadMovementsAndPositions(database, movements, skusOf(context.quick), NODES);
    context.progress(`${backend.name}: bare aggregation`);
    await database.timeQuery(BARE_REPLAY_SQL); // warms the cache for both measurements
    const bareSeconds = await database.timeQuery(BARE_REPLAY_SQL);
    context.progress(`${backend.name}: verifyProjection`);
    const store = await database.openStore();
    try {
      const started = performance.now();
      const differences = await store.ledger.verifyProjection();
      const seconds = (performance.now() - started) / 1000;
      if (differences.length > 0) throw new Error(`verifyProjection found ${differences.length} differences in a consistent ledger`);
      return { verify: movements / seconds, bare: movements / bareSeconds };
    } finally {
      await store.close();
    }
  });
}

/**
 * `store.ledger.verifyProjection()` (what `omnistock replay --verify` runs) over a ledger of
 * 1,000,000 movements (200,000 with --quick) loaded with raw SQL together with the positions they
 * add up to, beside the bare aggregation query on the same data.
 */
export function replayVerifySuite(): BenchSuite {
  return {
    name: SUITE,
    async run(context) {
      const movements = context.quick ? 200_000 : 1_000_000;
      const metric = `verifyProjection, ${movements.toLocaleString('en-US')} movements, ${(skusOf(context.quick) * NODES).toLocaleString('en-US')} positions`;
      const rows: BenchRow[] = [];
      for (const backend of context.backends) {
        if (backend.skipReason !== null) {
          rows.push(...skippedRows(SUITE, backend, [{ metric, unit: 'movements/s' }]));
          continue;
        }
        const { verify, bare } = await measure(backend, context, movements);
        rows.push({
          suite: SUITE,
          backend: backend.name,
          metric,
          value: verify,
          unit: 'movements/s',
          limit: { name: 'bare aggregation', value: bare, unit: 'movements/s' },
        });
      }
      return rows;
    },
  };
}
