import type { BucketQuantities } from '../core/ledger/position.ts';
import type { CauseEvidence, LikelyCause } from '../core/reconciliation/likely-cause.ts';
import type { ReconciliationSummary, Variance } from '../core/reconciliation/reconcile-snapshot.ts';
import type { SnapshotLineError } from '../core/reconciliation/snapshot-line.ts';
import type { Page, PageRequest } from './store.ts';

/** One (sku, node) a snapshot names. */
export type PositionKey = { readonly sku: string; readonly node: string };

/** A pending dead letter that may be an event the source saw and our ledger has not applied yet. */
export type InFlightCandidate = { readonly reference: string; readonly body: string };

/**
 * What the ledger knows that may explain variances at the snapshot's keys (docs/reconciliation.md):
 * late postings (recorded after asOf, occurred at or before it) and transfers in transit at asOf,
 * as core evidence; pending dead letters as raw bodies the use case interprets.
 */
export type ReconciliationEvidence = {
  readonly evidence: readonly CauseEvidence[];
  readonly inFlight: readonly InFlightCandidate[];
};

/** A reconciliation to store: its variances (differing lines only) and its rejected lines. */
export type NewReconciliation = {
  readonly source: string;
  readonly asOfMs: number;
  readonly summary: ReconciliationSummary;
  readonly variances: readonly Variance[];
  readonly rejected: readonly SnapshotLineError[];
  readonly createdAtMs: number;
  /** The API key name, `cli`, or `schedule`. */
  readonly createdBy: string;
};

/** A stored reconciliation, without its lines. */
export type ReconciliationRecord = {
  readonly id: number;
  readonly source: string;
  readonly asOfMs: number;
  readonly summary: ReconciliationSummary;
  readonly createdAtMs: number;
  readonly createdBy: string;
};

/** A stored variance, as `GET /v1/reconciliations/{id}` lists it. */
export type StoredVariance = {
  readonly line: number;
  readonly sku: string;
  readonly node: string | null;
  readonly channel: string | null;
  readonly bucket: string | null;
  readonly expected: number;
  readonly reported: number;
  readonly variance: number;
  readonly value: number;
  readonly material: boolean;
  readonly likelyCause: LikelyCause | null;
};

/** Drift of one source: its reconciliations, newest first, within a bounded window. */
export type SourceDrift = {
  readonly source: string;
  readonly reconciliations: number;
  readonly latest: { readonly id: number; readonly asOfMs: number; readonly differingShare: number; readonly valueAtRisk: number };
  /** Oldest first, at most `limits.reconciliationDriftPointsMax` points. */
  readonly points: readonly { readonly asOfMs: number; readonly differingShare: number; readonly valueAtRisk: number }[];
};

/** The reconciliation side of the store: the as-of ledger, evidence, and the stored history. */
export interface ReconciliationRepository {
  /**
   * Each key's buckets from the movements with business time `occurredAt ≤ asOfMs`, however late
   * they were recorded (docs/reconciliation.md, "Which time"). Keyed `positionKey(sku, node)`;
   * a key without movements is absent (zero).
   */
  positionsAsOf(keys: readonly PositionKey[], asOfMs: number): Promise<Map<string, BucketQuantities>>;
  evidence(keys: readonly PositionKey[], asOfMs: number): Promise<ReconciliationEvidence>;
  /** `unit_cost` of the SKUs that exist. */
  unitCosts(skus: readonly string[]): Promise<Map<string, number>>;
  save(reconciliation: NewReconciliation): Promise<number>;
  list(filter: { readonly source?: string }, page: PageRequest): Promise<Page<ReconciliationRecord>>;
  get(id: number): Promise<ReconciliationRecord | undefined>;
  /** Differing lines in line order, paged by line number. */
  variances(id: number, page: PageRequest): Promise<Page<StoredVariance>>;
  /** Rejected lines in line order (at most `limits.snapshotRejectedLinesListedMax` were stored). */
  rejectedLines(id: number): Promise<{ line: number; code: string; field: string | null; error: string }[]>;
  /** Per source, the drift of its recent reconciliations. */
  drift(sinceMs: number | null): Promise<SourceDrift[]>;
  /** Newest `asOf` per source, for the scheduler (null when the source never ran). */
  latestAsOf(source: string): Promise<{ asOfMs: number; createdAtMs: number } | null>;
}
