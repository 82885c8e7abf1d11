import { assert } from '../assert.ts';
import type { NodeId, Sku } from '../ids.ts';
import { type Bucket, PHYSICAL_BUCKETS } from '../ledger/buckets.ts';
import type { BucketQuantities } from '../ledger/position.ts';
import { limits } from '../limits.ts';
import type { SnapshotBucket } from './snapshot-line.ts';

/** Causes a variance can be traced to from what the shell knows; in order of preference on a tie. */
export const LIKELY_CAUSES = ['in_flight', 'late_posting', 'pending_transfer'] as const;
export type LikelyCauseKind = (typeof LIKELY_CAUSES)[number];

/**
 * Facts the shell hands in, each with the net effect of one event on the buckets of one node:
 * - `in_flight`: an event received but not yet applied to the ledger (queued, in a dead letter
 *   awaiting replay) that occurred at or before `asOf`. The source saw it; our ledger does not
 *   yet: it explains `reported − expected = +effect`.
 * - `late_posting`: an event recorded after `asOf` that occurred before it. Our as-of ledger
 *   includes it; a snapshot taken at `asOf` could not: it explains `reported − expected = −effect`.
 * - `pending_transfer`: a transfer in transit at `asOf` (shipped, not received). The source may
 *   count those units at either end as on hand while our ledger holds them in `inbound`: it
 *   explains `+qty` at the origin or at the destination.
 */
export type CauseEvidence =
  | {
      readonly kind: 'in_flight' | 'late_posting';
      readonly sku: Sku;
      readonly node: NodeId;
      readonly reference: string;
      readonly effect: Partial<BucketQuantities>;
    }
  | {
      readonly kind: 'pending_transfer';
      readonly sku: Sku;
      readonly fromNode: NodeId;
      readonly toNode: NodeId;
      readonly reference: string;
      readonly qty: number;
    };

/** The cause attached to a variance: how many of its units it explains and by which documents. */
export type LikelyCause = { readonly cause: LikelyCauseKind; readonly explainedUnits: number; readonly references: readonly string[] };

const effectOn = (effect: Partial<BucketQuantities>, bucket: SnapshotBucket): number => {
  if (bucket !== 'on_hand') return effect[bucket] ?? 0;
  let sum = 0;
  for (const b of PHYSICAL_BUCKETS as readonly Bucket[]) sum += effect[b] ?? 0;
  return sum;
};

/** The units of `reported − expected` one piece of evidence accounts for, on one node's bucket. */
function explains(e: CauseEvidence, node: NodeId, bucket: SnapshotBucket): number {
  switch (e.kind) {
    case 'in_flight':
      return e.node === node ? effectOn(e.effect, bucket) : 0;
    case 'late_posting':
      return e.node === node ? -effectOn(e.effect, bucket) : 0;
    case 'pending_transfer':
      return (e.fromNode === node || e.toNode === node) && (bucket === 'on_hand' || bucket === 'available') ? e.qty : 0;
  }
}

/**
 * The likely cause of a variance at one node and bucket: among the causes whose evidence points
 * the same way as the variance, the one that explains it exactly, else the one that explains most
 * (capped at the variance). Null when nothing in the evidence points that way.
 *
 * @example likelyCause(-1, 'S1', 'on_hand', [{ kind: 'in_flight', sku, node: 'S1', reference: 'e-9', effect: { available: -1 } }])
 * // { cause: 'in_flight', explainedUnits: -1, references: ['e-9'] }
 */
export function likelyCause(variance: number, node: NodeId, bucket: SnapshotBucket, evidence: readonly CauseEvidence[]): LikelyCause | null {
  assert(evidence.length <= limits.reconciliationEvidencePerLineMax, 'too much evidence for one line');
  if (variance === 0) return null;
  let best: { cause: LikelyCauseKind; units: number; references: string[] } | null = null;
  for (const cause of LIKELY_CAUSES) {
    let units = 0;
    const references: string[] = [];
    for (const e of evidence) {
      if (e.kind !== cause) continue;
      const u = explains(e, node, bucket);
      if (u === 0) continue;
      units += u;
      references.push(e.reference);
    }
    if (Math.sign(units) !== Math.sign(variance)) continue;
    const exact = units === variance;
    const bestExact = best !== null && best.units === variance;
    if (best === null || (exact && !bestExact) || (!bestExact && !exact && Math.abs(units) > Math.abs(best.units))) best = { cause, units, references };
  }
  if (best === null) return null;
  const explainedUnits = Math.sign(variance) * Math.min(Math.abs(best.units), Math.abs(variance));
  return { cause: best.cause, explainedUnits, references: best.references };
}
