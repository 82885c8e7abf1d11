import { type DemandSeries, foldDemand } from '../core/demand/daily-demand.ts';
import { mergeDemand } from '../core/demand/merge-demand.ts';
import type { Movement } from '../core/ledger/movement.ts';
import { limits } from '../core/limits.ts';
import type { Store } from '../ports/store.ts';
import type { LedgerWriter } from './ledger-writer.ts';

/** Series written per ledger transaction while backfilling. */
const SERIES_PER_TRANSACTION = 2_000;

/**
 * Rebuilds the daily-demand projection from the whole ledger (`omnistock replenish
 * --rebuild-demand`): streams every movement, folds it with the pure `foldDemand`, and replaces
 * each (sku, node)'s stored series, a chunk per ledger transaction. For a database that had
 * ledger entries before the projection existed, or after a change of what counts as demand.
 *
 * Run it while no sales are being ingested: a sale committed between the stream and the write of
 * its series would be replaced by the fold that did not see it (the after-step keeps the series
 * current from then on).
 *
 * @returns how many series were written
 */
export async function backfillDemand(store: Store, writer: LedgerWriter, onProgress?: (done: number, total: number) => void): Promise<number> {
  const movements: Movement[] = [];
  const folded = new Map<string, DemandSeries>();
  for await (const chunk of store.ledger.streamMovements(limits.ledgerChunkRowsMax)) {
    movements.length = 0;
    for (const m of chunk) if (m.reason === 'sale' || m.reason === 'shipment') movements.push(m);
    // Fold chunk by chunk and merge, so memory holds the series rather than the whole ledger.
    for (const [key, series] of foldDemand(movements, () => 0)) folded.set(key, mergeDemand(folded.get(key), series));
  }
  const all = [...folded.values()];
  for (let i = 0; i < all.length; i += SERIES_PER_TRANSACTION) {
    const chunk = all.slice(i, i + SERIES_PER_TRANSACTION);
    await writer.run({
      size: 1,
      run: async ({ tx, nowMs }) => {
        await tx.replenishment.writeDemandSeries(chunk, nowMs);
        return { value: undefined, keep: true };
      },
    });
    onProgress?.(Math.min(i + chunk.length, all.length), all.length);
  }
  return all.length;
}
