import { Readable } from 'node:stream';
import { LedgerWriter } from '../../src/app/ledger-writer.ts';
import { ReconcileSnapshot } from '../../src/app/reconcile-snapshot.ts';
import { parseSnapshotCsv } from '../../src/cli/parse-snapshot-csv.ts';
import { onHand } from '../../src/core/ledger/position.ts';
import { positionKey } from '../../src/core/ledger/replay.ts';
import { type BenchBackend, type BenchDatabase, withBenchDatabase } from '../bench-backends.ts';
import { benchNode, benchSku, seedBenchNodesAndChannels } from '../bench-events.ts';
import { type BenchContext, type BenchRow, type BenchSuite, skippedRows } from '../bench-result.ts';
import { loadMovementsAndPositions } from '../bulk-load.ts';

const SUITE = 'reconcile snapshot';
const NODES = 10;
/** One line per (sku, node): 100,000 lines (20,000 with --quick). */
const skusOf = (quick: boolean): number => (quick ? 2_000 : 10_000);
/** Every 50th line differs by 20 units (value 80 at unit cost 4: material), so 2% of lines open cases. */
const DIFFER_EVERY = 50;
/** bulk-load.ts dates movement i at this epoch + i ms; asOf halfway through leaves half the ledger "after". */
const EPOCH_MS = 1_800_000_000_000;

/** Items for the bench SKUs in one statement (the loader writes movements and positions, not items). */
async function loadItems(database: BenchDatabase, skus: number): Promise<void> {
  const values = Array.from({ length: skus }, (_, i) => `('${benchSku(i)}', 'Bench item ${i}', 'bench', 4, 9.5, 0, '[]', 0)`);
  for (let i = 0; i < values.length; i += 5_000) {
    await database.exec(
      `insert into item (sku, name, category, unit_cost, unit_price, serialized, substitutes, updated_at) values ${values.slice(i, i + 5_000).join(',')}`,
    );
  }
}

/**
 * 100 units of opening stock per position, received before the loader's first movement: the
 * loader's rounds may put a sale before its receipts, and a snapshot line is never negative, so
 * without it a quarter of the lines would differ by accident instead of 2% on purpose.
 */
async function openingStock(database: BenchDatabase): Promise<void> {
  await database.exec(`
    insert into movement (sku, from_node, from_kind, to_node, to_kind, qty, reason, event_seq, occurred_at, recorded_at)
    select sku, null, 'supplier', node, 'available', 100, 'receipt', 0, ${EPOCH_MS - 1}, ${EPOCH_MS - 1} from position;
    update position set available = available + 100;`);
}

async function measure(
  backend: BenchBackend,
  context: BenchContext,
  movements: number,
): Promise<{ seconds: number; lines: number; differing: number; cases: number; asOfSeconds: number }> {
  return withBenchDatabase(backend, async (database) => {
    const skus = skusOf(context.quick);
    context.progress(`${backend.name}: loading ${movements.toLocaleString('en-US')} movements and ${skus.toLocaleString('en-US')} items (raw SQL)`);
    await loadMovementsAndPositions(database, movements, skus, NODES);
    await openingStock(database);
    await loadItems(database, skus);
    const store = await database.openStore();
    try {
      await seedBenchNodesAndChannels(store, NODES);
      const asOfMs = EPOCH_MS + Math.floor(movements / 2);
      const keys = Array.from({ length: skus * NODES }, (_, i) => ({ sku: benchSku(i % skus), node: benchNode(Math.floor(i / skus)) }));
      // The as-of read alone (also the warm-up), to write a snapshot that agrees except on purpose.
      const asOfStarted = performance.now();
      const expected = await store.reconciliation.positionsAsOf(keys, asOfMs);
      const asOfSeconds = (performance.now() - asOfStarted) / 1000;
      const csv = ['sku,node,qty'];
      let differ = 0;
      keys.forEach((k, i) => {
        const q = expected.get(positionKey(k.sku, k.node));
        const units = q ? onHand(q) : 0;
        // A count is never negative; the raw loader's ledger may be (a sale before its receipt) at asOf.
        const reported = Math.max(0, units) + (i % DIFFER_EVERY === 0 ? 20 : 0);
        if (reported !== units) differ++;
        csv.push(`${k.sku},${k.node},${reported}`);
      });
      const clock = { now: () => asOfMs + 3_600_000 };
      const writer = new LedgerWriter(store, clock);
      const reconcile = new ReconcileSnapshot({ store, writer, policies: { current: () => null }, clock });
      context.progress(`${backend.name}: reconciling ${keys.length.toLocaleString('en-US')} lines`);
      const started = performance.now();
      const result = await reconcile.run({
        source: 'erp',
        asOfMs,
        rows: parseSnapshotCsv(Readable.from([`${csv.join('\n')}\n`])),
        strict: true,
        createdBy: 'bench',
        onProgress: (e) => process.env.BENCH_PHASES && process.stderr.write(`${((performance.now() - started) / 1000).toFixed(2)} ${e.phase} ${e.rowsRead}\n`),
      });
      const seconds = (performance.now() - started) / 1000;
      if (!result.ok) throw new Error(`the bench snapshot was refused: ${JSON.stringify(result.error).slice(0, 300)}`);
      const { lines, differing } = result.value.summary;
      if (lines !== keys.length || differing !== differ) throw new Error(`unexpected summary ${JSON.stringify(result.value.summary)}`);
      await writer.idle();
      return { seconds, lines, differing, cases: result.value.cases.opened, asOfSeconds };
    } finally {
      await store.close();
    }
  });
}

/**
 * `ReconcileSnapshot.run` (what `omnistock reconcile` and `POST /v1/snapshots` run) on a CSV of
 * 100,000 lines (20,000 with --quick) — every (sku, node) of 10,000 SKUs × 10 nodes — against a
 * ledger of 1,000,000 movements (200,000) with asOf halfway through it, 2% of lines differing
 * materially (2,000 cases opened). Issue 5 target on SQLite: under 10 s. Beside it, the as-of read
 * alone (`positionsAsOf` for every key) as the limit of the layer underneath.
 */
export function reconcileSnapshotSuite(): BenchSuite {
  return {
    name: SUITE,
    async run(context) {
      const movements = context.quick ? 200_000 : 1_000_000;
      const lines = skusOf(context.quick) * NODES;
      const metric = `${lines.toLocaleString('en-US')}-line snapshot, ${movements.toLocaleString('en-US')} movements`;
      const rows: BenchRow[] = [];
      for (const backend of context.backends) {
        if (backend.skipReason !== null) {
          rows.push(...skippedRows(SUITE, backend, [{ metric, unit: 's' }]));
          continue;
        }
        const m = await measure(backend, context, movements);
        rows.push({
          suite: SUITE,
          backend: backend.name,
          metric,
          value: m.seconds,
          unit: 's',
          limit: { name: 'as-of read alone', value: m.asOfSeconds, unit: 's' },
          ...(backend.name === 'sqlite' && lines >= 100_000 ? { target: { value: 10, direction: 'max' as const } } : {}),
          note: `${m.differing.toLocaleString('en-US')} differing lines, ${m.cases.toLocaleString('en-US')} cases opened`,
        });
      }
      return rows;
    },
  };
}
