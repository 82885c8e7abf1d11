import { type DomainError, domainError } from '../core/errors.ts';
import type { ChannelId, NodeId, Sku } from '../core/ids.ts';
import { type BucketQuantities, ZERO_QUANTITIES } from '../core/ledger/position.ts';
import { positionKey } from '../core/ledger/replay.ts';
import { limits } from '../core/limits.ts';
import { inFlightEvidence } from '../core/reconciliation/in-flight-effect.ts';
import type { CauseEvidence } from '../core/reconciliation/likely-cause.ts';
import { type ExpectedPositions, type ReconciliationSummary, reconcileSnapshot, reconciliationPolicyOf } from '../core/reconciliation/reconcile-snapshot.ts';
import type { KnownMasterData, RawSnapshotRow, SnapshotLine, SnapshotLineError } from '../core/reconciliation/snapshot-line.ts';
import { validateSnapshot } from '../core/reconciliation/validate-snapshot.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Clock } from '../ports/clock.ts';
import type { PositionKey } from '../ports/reconciliation-store.ts';
import type { Store } from '../ports/store.ts';
import { type CommandRunner, type MismatchCasesOutcome, openMismatchCases } from './open-mismatch-cases.ts';
import type { PolicySource } from './project-channel-availability.ts';

/** A snapshot to reconcile: its rows are streamed (a 100,000-line CSV is read once, in order). */
export type SnapshotInput = {
  readonly source: string;
  readonly asOfMs: number;
  readonly rows: AsyncIterable<RawSnapshotRow> | Iterable<RawSnapshotRow>;
  /** One bad row rejects the whole snapshot (nothing stored, no case). */
  readonly strict: boolean;
  /** The API key's name, `cli` or `schedule`. */
  readonly createdBy: string;
  /** Called as rows are read and as phases start, for a progress bar. */
  readonly onProgress?: (event: { readonly phase: string; readonly rowsRead: number }) => void;
};

export type SnapshotOutcome = {
  readonly id: number;
  readonly summary: ReconciliationSummary;
  readonly rejected: readonly SnapshotLineError[];
  readonly cases: MismatchCasesOutcome;
};

/** Why nothing was reconciled: a bad `asOf`, or (strict) the rejected rows. */
export type SnapshotRefusal =
  | { readonly kind: 'invalid'; readonly error: DomainError }
  | { readonly kind: 'rejected'; readonly rejected: readonly SnapshotLineError[]; readonly rejectedCount: number };

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * `POST /v1/snapshots`, `omnistock reconcile` and the schedule (docs/reconciliation.md): validates
 * the rows (each bad row with its line number; strict rejects the file), computes the ledger AS OF
 * the snapshot's business time with the evidence for likely causes, reconciles with the pure core,
 * stores the reconciliation, then opens `stock_mismatch` cases through the ledger writer.
 */
export class ReconcileSnapshot {
  constructor(private readonly deps: { readonly store: Store; readonly writer: CommandRunner; readonly policies: PolicySource; readonly clock: Clock }) {}

  async run(input: SnapshotInput): Promise<Result<SnapshotOutcome, SnapshotRefusal>> {
    const nowMs = this.deps.clock.now();
    if (input.asOfMs > nowMs + limits.eventTimeFutureToleranceMs) {
      return err({ kind: 'invalid', error: domainError('invalid_request', 'asOf lies in the future: a snapshot describes a time that has passed', 'asOf') });
    }
    const rows = await this.collect(input);
    input.onProgress?.({ phase: 'validating', rowsRead: rows.length });
    const validation = validateSnapshot(rows, await this.known(rows), { strict: input.strict });
    if (!validation.ok) return err({ kind: 'rejected', rejected: validation.error.rejected, rejectedCount: validation.error.rejectedCount });
    const { lines, rejected, rejectedCount } = validation.value;
    input.onProgress?.({ phase: 'computing the ledger as of the snapshot time', rowsRead: rows.length });
    const expected = await this.expectedAsOf(lines, input.asOfMs);
    const policy = this.deps.policies.current();
    const result = reconcileSnapshot({ source: input.source, asOfMs: input.asOfMs, lines, rejectedCount, expected, policy: reconciliationPolicyOf(policy) });
    input.onProgress?.({ phase: 'storing', rowsRead: rows.length });
    const id = await this.deps.store.reconciliation.save({
      source: input.source,
      asOfMs: input.asOfMs,
      summary: result.summary,
      variances: result.variances,
      rejected,
      createdAtMs: nowMs,
      createdBy: input.createdBy,
    });
    const cases = await openMismatchCases(this.deps.writer, result.cases, id, policy);
    return ok({ id, summary: result.summary, rejected, cases });
  }

  private async collect(input: SnapshotInput): Promise<RawSnapshotRow[]> {
    const rows: RawSnapshotRow[] = [];
    for await (const row of input.rows) {
      rows.push(row);
      // One row past the cap is enough for validateSnapshot to report `too_many_lines`.
      if (rows.length > limits.snapshotLinesMax) break;
      if (rows.length % 10_000 === 0) input.onProgress?.({ phase: 'reading', rowsRead: rows.length });
    }
    return rows;
  }

  /** The SKUs, nodes and channels the rows name that exist, read in bounded chunks. */
  private async known(rows: readonly RawSnapshotRow[]): Promise<KnownMasterData> {
    const skus = new Set<string>();
    const nodes = new Set<string>();
    const channels = new Set<string>();
    for (const row of rows) {
      if (!('value' in row) || typeof row.value !== 'object' || row.value === null) continue;
      const v = row.value as Record<string, unknown>;
      if (typeof v.sku === 'string') skus.add(v.sku.trim());
      if (typeof v.node === 'string') nodes.add(v.node.trim());
      if (typeof v.channel === 'string') channels.add(v.channel.trim());
    }
    const { masterData } = this.deps.store;
    const size = limits.reconciliationKeysPerStatementMax;
    const knownSkus = new Set<string>();
    for (const chunk of chunks([...skus], size)) for (const s of await masterData.existingSkus(chunk)) knownSkus.add(s);
    const knownNodes = new Set<string>();
    for (const chunk of chunks([...nodes], size)) for (const n of await masterData.existingNodes(chunk)) knownNodes.add(n);
    const knownChannels = new Set<string>();
    for (const c of [...channels].slice(0, limits.pageSizeMax)) if (await masterData.getChannel(c)) knownChannels.add(c);
    return { hasSku: (s) => knownSkus.has(s), hasNode: (n) => knownNodes.has(n), hasChannel: (c) => knownChannels.has(c) };
  }

  /** Everything the core asks, answered from maps filled by a few set-based reads. */
  private async expectedAsOf(lines: readonly SnapshotLine[], asOfMs: number): Promise<ExpectedPositions> {
    const { store } = this.deps;
    const keys: PositionKey[] = [];
    const channelSkus = new Map<string, Set<string>>();
    for (const l of lines) {
      if (l.target.kind === 'node') keys.push({ sku: l.sku, node: l.target.node });
      else channelSkus.set(l.target.channel, (channelSkus.get(l.target.channel) ?? new Set()).add(l.sku));
    }
    const [positions, costs, found] = await Promise.all([
      store.reconciliation.positionsAsOf(keys, asOfMs),
      store.reconciliation.unitCosts(lines.map((l) => l.sku)),
      store.reconciliation.evidence(keys, asOfMs),
    ]);
    const channelUnits = await this.channelUnits(channelSkus);
    const evidence = evidenceByKey([...found.evidence, ...found.inFlight.map((c) => inFlightEvidence(c.reference, c.body, asOfMs))]);
    return {
      nodeQuantities: (sku: Sku, node: NodeId): BucketQuantities => positions.get(positionKey(sku, node)) ?? ZERO_QUANTITIES,
      channelUnits: (sku: Sku, channel: ChannelId) => channelUnits.get(`${channel}\u0000${sku}`) ?? 0,
      unitCost: (sku: Sku) => costs.get(sku) ?? 0,
      evidence: (sku: Sku, node: NodeId) => evidence.get(positionKey(sku, node)) ?? [],
    };
  }

  /**
   * Channel lines compare with the channel-availability projection as stored: it keeps no history,
   * so this is the channel's number now (docs/reconciliation.md, "Channel snapshots").
   */
  private async channelUnits(channelSkus: ReadonlyMap<string, ReadonlySet<string>>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const [channel, skus] of channelSkus) {
      for (const chunk of chunks([...skus], limits.reconciliationKeysPerStatementMax)) {
        for (const row of await this.deps.store.ledger.channelAvailability(channel, chunk)) out.set(`${channel}\u0000${row.sku}`, row.units);
      }
    }
    return out;
  }
}

/** Evidence per (sku, node) key, capped per key as the core requires (the first ones found are kept). */
function evidenceByKey(all: readonly (CauseEvidence | null)[]): Map<string, CauseEvidence[]> {
  const out = new Map<string, CauseEvidence[]>();
  const add = (key: string, e: CauseEvidence) => {
    const list = out.get(key) ?? [];
    if (list.length >= limits.reconciliationEvidencePerLineMax) return;
    list.push(e);
    out.set(key, list);
  };
  for (const e of all) {
    if (e === null) continue;
    if (e.kind === 'pending_transfer') {
      add(positionKey(e.sku, e.fromNode), e);
      add(positionKey(e.sku, e.toNode), e);
    } else add(positionKey(e.sku, e.node), e);
  }
  return out;
}
