import { assert } from '../assert.ts';
import type { ChannelId, NodeId, Sku } from '../ids.ts';
import type { BucketQuantities } from '../ledger/position.ts';
import { onHand } from '../ledger/position.ts';
import { type Policy, type ReconciliationPolicy, reconciliationPolicySchema } from '../policy/policy-schema.ts';
import { type CauseEvidence, type LikelyCause, likelyCause } from './likely-cause.ts';
import type { SnapshotBucket, SnapshotLine } from './snapshot-line.ts';

/** The reconciliation section of a document that omits it: the schema's defaults. */
export const DEFAULT_RECONCILIATION_POLICY: ReconciliationPolicy = reconciliationPolicySchema.parse({});
export const reconciliationPolicyOf = (policy: Policy | null): ReconciliationPolicy => policy?.reconciliation ?? DEFAULT_RECONCILIATION_POLICY;

/** The ledger AS OF the snapshot's time, and item costs: the shell computes and answers these. */
export type ExpectedPositions = {
  nodeQuantities(sku: Sku, node: NodeId): BucketQuantities;
  channelUnits(sku: Sku, channel: ChannelId): number;
  unitCost(sku: Sku): number;
  /** Evidence about this (sku, node) for likely causes (empty when none). */
  evidence(sku: Sku, node: NodeId): readonly CauseEvidence[];
};

/** One line that differs from the ledger. `variance = reported − expected`; `value = variance × unit cost`. */
export type Variance = {
  readonly line: number;
  readonly sku: Sku;
  readonly node: NodeId | null;
  readonly channel: ChannelId | null;
  readonly bucket: SnapshotBucket | null;
  readonly expected: number;
  readonly reported: number;
  readonly variance: number;
  readonly value: number;
  /** Reaches both materiality thresholds: it belongs to a `stock_mismatch` case. */
  readonly material: boolean;
  readonly likelyCause?: LikelyCause;
};

/** A case to open (or keep open: the shell dedupes by `dedupeKey`) for material variances of one sku at one node or channel. */
export type StockMismatchCase = {
  readonly kind: 'stock_mismatch';
  readonly dedupeKey: string;
  readonly source: string;
  readonly sku: Sku;
  readonly node: NodeId | null;
  readonly channel: ChannelId | null;
  readonly asOfMs: number;
  readonly variances: readonly Variance[];
  readonly unitsAtRisk: number;
  readonly valueAtRisk: number;
};

export type ReconciliationSummary = {
  /** Valid lines compared. */
  readonly lines: number;
  readonly matched: number;
  readonly differing: number;
  readonly material: number;
  readonly rejected: number;
  /** Σ |variance| and Σ |value| over differing lines. */
  readonly unitsAtRisk: number;
  readonly valueAtRisk: number;
  /** Σ variance and Σ value: the signed drift (positive: the source holds more than the ledger). */
  readonly netUnits: number;
  readonly netValue: number;
  /** differing / lines: the drift measure per source (0 for an empty snapshot). */
  readonly differingShare: number;
};

export type Reconciliation = { readonly summary: ReconciliationSummary; readonly variances: readonly Variance[]; readonly cases: readonly StockMismatchCase[] };

export type ReconcileInput = {
  readonly source: string;
  readonly asOfMs: number;
  readonly lines: readonly SnapshotLine[];
  readonly rejectedCount: number;
  readonly expected: ExpectedPositions;
  readonly policy: ReconciliationPolicy;
};

const money = (v: number): number => Math.round(v * 10_000) / 10_000;

/** The dedupe key of a mismatch case: one per source, node (or channel) and sku. */
export const stockMismatchKey = (source: string, line: Pick<SnapshotLine, 'sku' | 'target'>): string =>
  `stock_mismatch:${source}:${line.target.kind === 'node' ? line.target.node : `channel/${line.target.channel}`}:${line.sku}`;

/**
 * Compares each snapshot line with the ledger as of the snapshot's time, in units and value. Only
 * lines that differ are listed; those reaching both materiality thresholds (`|variance| ≥
 * unitsAtLeast` and `|value| ≥ valueAtLeast`) are grouped into `stock_mismatch` cases. A likely
 * cause is attached where the evidence shows one; it informs the case, it does not suppress it.
 */
export function reconcileSnapshot(input: ReconcileInput): Reconciliation {
  const { unitsAtLeast, valueAtLeast } = input.policy.materiality;
  const variances: Variance[] = [];
  const cases = new Map<string, StockMismatchCase>();
  let netUnits = 0;
  let netValue = 0;
  let unitsAtRisk = 0;
  let valueAtRisk = 0;
  for (const line of input.lines) {
    const expected = expectedUnits(input.expected, line);
    const variance = line.qty - expected;
    if (variance === 0) continue;
    const value = money(variance * input.expected.unitCost(line.sku));
    const material = Math.abs(variance) >= unitsAtLeast && Math.abs(value) >= valueAtLeast;
    const node = line.target.kind === 'node' ? line.target.node : null;
    const cause = node === null || line.bucket === null ? null : likelyCause(variance, node, line.bucket, input.expected.evidence(line.sku, node));
    const v: Variance = {
      line: line.line,
      sku: line.sku,
      node,
      channel: line.target.kind === 'channel' ? line.target.channel : null,
      bucket: line.bucket,
      expected,
      reported: line.qty,
      variance,
      value,
      material,
      ...(cause === null ? {} : { likelyCause: cause }),
    };
    variances.push(v);
    netUnits += variance;
    netValue += value;
    unitsAtRisk += Math.abs(variance);
    valueAtRisk += Math.abs(value);
    if (material) addToCase(cases, input, line, v);
  }
  const lines = input.lines.length;
  const summary: ReconciliationSummary = {
    lines,
    matched: lines - variances.length,
    differing: variances.length,
    material: variances.filter((v) => v.material).length,
    rejected: input.rejectedCount,
    unitsAtRisk,
    valueAtRisk: money(valueAtRisk),
    netUnits,
    netValue: money(netValue),
    differingShare: lines === 0 ? 0 : variances.length / lines,
  };
  return { summary, variances, cases: [...cases.values()] };
}

function expectedUnits(expected: ExpectedPositions, line: SnapshotLine): number {
  if (line.target.kind === 'channel') return expected.channelUnits(line.sku, line.target.channel);
  assert(line.bucket !== null, 'a node line has a bucket');
  const q = expected.nodeQuantities(line.sku, line.target.node);
  return line.bucket === 'on_hand' ? onHand(q) : q[line.bucket];
}

function addToCase(cases: Map<string, StockMismatchCase>, input: ReconcileInput, line: SnapshotLine, v: Variance): void {
  const key = stockMismatchKey(input.source, line);
  const prior = cases.get(key);
  cases.set(key, {
    kind: 'stock_mismatch',
    dedupeKey: key,
    source: input.source,
    sku: line.sku,
    node: v.node,
    channel: v.channel,
    asOfMs: input.asOfMs,
    variances: [...(prior?.variances ?? []), v],
    unitsAtRisk: (prior?.unitsAtRisk ?? 0) + Math.abs(v.variance),
    valueAtRisk: money((prior?.valueAtRisk ?? 0) + Math.abs(v.value)),
  });
}
