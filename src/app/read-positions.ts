import { type DomainError, domainError } from '../core/errors.ts';
import { BUCKETS } from '../core/ledger/buckets.ts';
import { ats, type BucketQuantities, onHand, ZERO_QUANTITIES } from '../core/ledger/position.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Store } from '../ports/store.ts';

/** Buckets of one SKU at one node (or summed), with the derived `onHand` and `ats`. */
export type PositionFigures = BucketQuantities & { readonly onHand: number; readonly ats: number };

/** The answer of `GET /v1/positions/{sku}`. */
export type SkuPositions = {
  readonly sku: string;
  readonly nodes: (PositionFigures & { readonly node: string })[];
  readonly totals: PositionFigures;
};

/** Safety stock is 0 until policies arrive (a later issue); ATS is then `max(0, available)`. */
const safetyStock = 0;

/** The buckets of a position with `onHand` and `ats` derived (core/ledger/position.ts). */
export const figuresOf = (q: BucketQuantities): PositionFigures => ({ ...pickBuckets(q), onHand: onHand(q), ats: ats(q, safetyStock) });

function pickBuckets(q: BucketQuantities): BucketQuantities {
  const out = { ...ZERO_QUANTITIES };
  for (const b of BUCKETS) out[b] = q[b];
  return out;
}

/**
 * Every node's position of one SKU, plus totals. Totals sum the buckets and `onHand`; `ats` sums
 * the nodes' ATS (a node that oversold does not take units from another node's ATS).
 *
 * One indexed read in the usual case: positions exist only for known items, so the item table is
 * read only when the SKU has no position at all, to tell "no stock yet" from "unknown SKU".
 */
export async function readPositions(store: Store, sku: string): Promise<Result<SkuPositions, DomainError>> {
  const positions = await store.ledger.positionsOfSku(sku);
  if (positions.length === 0 && (await store.masterData.getItem(sku)) === undefined) {
    return err(domainError('unknown_sku', `no item with sku ${sku}`, 'sku'));
  }
  const nodes = positions.map((p) => ({ node: p.node as string, ...figuresOf(p) }));
  const totals = { ...ZERO_QUANTITIES, onHand: 0, ats: 0 };
  for (const n of nodes) {
    for (const b of BUCKETS) totals[b] += n[b];
    totals.onHand += n.onHand;
    totals.ats += n.ats;
  }
  return ok({ sku, nodes, totals });
}
