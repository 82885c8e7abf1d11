import { demandKey, foldDemand } from '../../core/demand/daily-demand.ts';
import { mergeDemand } from '../../core/demand/merge-demand.ts';
import type { IngestTransaction } from '../../ports/store.ts';
import type { WrittenMovements } from '../movement-recorder.ts';

/**
 * The daily-demand projection step (docs/replenishment.md "The shell"): the transaction's written
 * movements are folded into demand per (sku, node, day) by the pure `foldDemand` (sales and
 * shipments; not returns), then added to the stored series in the same transaction, so demand
 * exists iff its sale committed. Days are UTC: nodes carry no time zone yet.
 */
export async function projectDemand(tx: IngestTransaction, nowMs: number, written: readonly WrittenMovements[]): Promise<void> {
  if (written.length === 0) return;
  const fresh = foldDemand(
    written.flatMap((w) => w.movements),
    () => 0,
  );
  if (fresh.size === 0) return;
  const stored = await tx.replenishment.demandSeries([...fresh.values()].map((s) => ({ sku: s.sku, node: s.node })));
  const byKey = new Map(stored.map((s) => [demandKey(s.sku, s.node), s]));
  const merged = [...fresh].map(([key, series]) => mergeDemand(byKey.get(key), series));
  await tx.replenishment.writeDemandSeries(merged, nowMs);
}
