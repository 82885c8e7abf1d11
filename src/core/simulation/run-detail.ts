import type { BucketQuantities } from '../ledger/position.ts';

/**
 * Why an accepted order line was not delivered in full, as the simulator knows it from the
 * physical world it keeps beside the ledger (docs/simulator.md, "Tracing cancellations"):
 * - `late_pos_posting`: till sales at the node had happened but were not posted yet, so the
 *   ledger (and every channel) still counted units that had left the shelf;
 * - `hidden_shrink`: units had gone missing without a record, found only when the pick came up short;
 * - `till_sale_of_promised_unit`: a store customer bought at the till a unit already promised to the
 *   order (the ledger knew, but the shelf had nothing left and the order could not be re-sourced);
 * - `stale_channel_view`: the channel accepted against its batch snapshot, which still showed units
 *   the ledger had already given to another channel or a till (batch baseline only);
 * - `refused_at_checkout`: the channel showed the units but the engine refused the order (its
 *   sourcing saw less than the channel's view);
 * - `unexplained`: none of the above held when it happened; a defect to investigate.
 */
export const CANCELLATION_CAUSES = [
  'late_pos_posting',
  'hidden_shrink',
  'till_sale_of_promised_unit',
  'stale_channel_view',
  'refused_at_checkout',
  'unexplained',
] as const;
export type CancellationCause = (typeof CANCELLATION_CAUSES)[number];

/** One cancelled (part of an) accepted order line and its physical-world cause. */
export type CancellationTrace = {
  /** Simulated time the shortfall became known (pick or checkout), epoch ms. */
  readonly atMs: number;
  readonly channel: string;
  readonly orderRef: string;
  readonly sku: string;
  /** The node whose pick came up short; null when refused at checkout. */
  readonly node: string | null;
  readonly units: number;
  readonly causes: readonly CancellationCause[];
  /** One sentence a person can check against the event log, e.g. "2 till sales at ST-0012 from 09:14 not posted yet". */
  readonly detail: string;
};

/** Units and value (units × unit cost) per bucket over all positions, at one simulated time. */
export type BucketSample = { readonly atMs: number; readonly units: BucketQuantities; readonly value: BucketQuantities };

/** What the engine's short-pick workflow did with the units picks came up short on, over every accepted order. */
export type ShortPickFlow = {
  readonly shortUnits: number;
  readonly reroutedUnits: number;
  readonly substitutedUnits: number;
  readonly cancelledUnits: number;
  /** Customer notifications sent for the orders (a cancelled line notifies). */
  readonly notifications: number;
};

/** Cases of one type after a run. */
export type CaseTally = { readonly type: string; readonly opened: number; readonly autoResolved: number };

/**
 * What a run produced beyond its outcome row, for the HTML report: the bucket series, every
 * traced cancellation and the cases by type. Computed from the run, like the outcomes.
 */
export type RunDetail = {
  readonly sync: 'event' | 'batch';
  /** False for the run whose policy had its exposure buffers removed (docs/simulator.md). */
  readonly exposureBuffers: boolean;
  /** A short name for the run's column and legend, e.g. "event", "event, no buffers", "batch 15m". */
  readonly label: string;
  readonly samples: readonly BucketSample[];
  readonly cancellations: readonly CancellationTrace[];
  readonly cases: readonly CaseTally[];
  readonly shortPicks: ShortPickFlow;
  /** Returned units by their state at the end of the run (`restocked`, `refurbishing`, `damaged`, …). */
  readonly returnUnits: Readonly<Record<string, number>>;
};
