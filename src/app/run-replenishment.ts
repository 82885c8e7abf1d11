import { type DemandSeries, demandKey } from '../core/demand/daily-demand.ts';
import { asNodeId, asSku } from '../core/ids.ts';
import type { Position } from '../core/ledger/position.ts';
import type { DelayedReceipt } from '../core/replenishment/open-inbound.ts';
import { replenishmentPolicyOf } from '../core/replenishment/replenishment-params.ts';
import type { Clock } from '../ports/clock.ts';
import type { OpenInboundRow, ProposalRecord, ReplenishmentSnapshot } from '../ports/replenishment-store.ts';
import type { Store } from '../ports/store.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import type { PolicySource } from './project-channel-availability.ts';
import { type PlanContext, planSku, type SkuSlice } from './replenishment/plan-sku.ts';
import { recordProposals } from './replenishment/record-proposals.ts';
import { type RunMasterData, readRunMasterData } from './replenishment/run-master-data.ts';

/** SKUs read, planned and written together: a few statements per chunk, and one ledger transaction. */
const SKUS_PER_CHUNK = 500;

export type ReplenishmentRunOptions = {
  readonly sku?: string;
  readonly node?: string;
  /** Called after each chunk with the positions planned so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
};

/** The answer of `POST /v1/replenishment/run` and `omnistock replenish`. */
export type ReplenishmentRunSummary = {
  readonly ranAtMs: number;
  readonly durationMs: number;
  /** (sku, node) positions decided. */
  readonly positions: number;
  /** Positions skipped because their SKU has no item master row (no cost, no category). */
  readonly skippedUnknownItems: number;
  readonly proposals: {
    readonly created: number;
    readonly transfers: number;
    readonly purchaseOrders: number;
    readonly approvedAutomatically: number;
    readonly awaitingApproval: number;
    /** Already proposed earlier the same day: not created again. */
    readonly alreadyProposed: number;
    /** Sum of the values of the created proposals. */
    readonly value: number;
  };
  readonly delayedReceiptCases: number;
  /** Positions only late inbound kept above the reorder point: where a naive system would have ordered again. */
  readonly heldByLateInbound: number;
};

/**
 * The replenishment run (issue 5, docs/replenishment.md "The shell"). For every (sku, node) with a
 * position (or those of `sku` / `node`), chunk by chunk of SKUs: read positions, demand, open
 * inbound lines and pending proposals; plan with the pure core (`planSku`); store the proposals,
 * their ERP requests and cases through the ledger writer (`recordProposals`).
 */
export class RunReplenishment {
  constructor(
    private readonly store: Store,
    private readonly writer: LedgerWriter,
    private readonly clock: Clock,
    private readonly policies: PolicySource,
  ) {}

  async run(options: ReplenishmentRunOptions = {}): Promise<ReplenishmentRunSummary> {
    const startedAtMs = this.clock.now();
    const policy = this.policies.current();
    const filter = { ...(options.sku !== undefined && { sku: options.sku }), ...(options.node !== undefined && { node: options.node }) };
    const total = await this.store.replenishment.countPositions(filter);
    const master = await readRunMasterData(this.store);
    const tally = newTally();
    let after: string | null = null;
    for (;;) {
      const skus = await this.store.replenishment.skusWithPositions(filter, after, SKUS_PER_CHUNK);
      if (skus.length === 0) break;
      after = skus.at(-1) ?? null;
      const snapshot = await this.store.replenishment.snapshot(skus);
      const { proposals, delayed } = this.plan(snapshot, master, startedAtMs, options.node, tally);
      if (proposals.length > 0 || delayed.length > 0) {
        const written = await this.writer.run(recordProposals(proposals, delayed, policy));
        tally.created += written.created;
        tally.alreadyProposed += written.alreadyProposed;
        tally.approvedAutomatically += written.approvedAutomatically;
        tally.awaitingApproval += written.awaitingApproval;
        tally.delayedReceiptCases += written.delayedReceiptCases;
        tally.transfers += written.transfers;
        tally.purchaseOrders += written.purchaseOrders;
        tally.value = Math.round((tally.value + written.value) * 10_000) / 10_000;
      }
      options.onProgress?.(tally.positions, Math.max(total, tally.positions));
      if (options.sku !== undefined) break;
    }
    return summaryOf(tally, startedAtMs, this.clock.now());
  }

  private plan(snapshot: ReplenishmentSnapshot, master: RunMasterData, nowMs: number, onlyNode: string | undefined, tally: Tally) {
    const section = replenishmentPolicyOf(this.policies.current());
    const proposals: ProposalRecord[] = [];
    const delayed: DelayedReceipt[] = [];
    for (const slice of slicesOf(snapshot)) {
      const item = master.items.get(slice.sku);
      const visited = slice.positions.filter((p) => onlyNode === undefined || p.node === onlyNode).length;
      if (item === undefined) {
        tally.skippedUnknownItems += visited;
        continue;
      }
      const ctx: PlanContext = { policy: section, nodeTypes: master.nodeTypes, item, openCaseKeys: master.openDelayedReceiptKeys, nowMs, onlyNode };
      const plan = planSku(slice, ctx);
      tally.positions += plan.decisions.length;
      for (const d of plan.decisions) {
        if (d.heldByLateInbound) tally.heldByLateInbound += 1;
        delayed.push(...d.delayedReceipts);
      }
      proposals.push(...plan.proposals);
    }
    return { proposals, delayed };
  }
}

type Tally = {
  positions: number;
  skippedUnknownItems: number;
  created: number;
  transfers: number;
  purchaseOrders: number;
  approvedAutomatically: number;
  awaitingApproval: number;
  alreadyProposed: number;
  value: number;
  delayedReceiptCases: number;
  heldByLateInbound: number;
};

const newTally = (): Tally => ({
  positions: 0,
  skippedUnknownItems: 0,
  created: 0,
  transfers: 0,
  purchaseOrders: 0,
  approvedAutomatically: 0,
  awaitingApproval: 0,
  alreadyProposed: 0,
  value: 0,
  delayedReceiptCases: 0,
  heldByLateInbound: 0,
});

function summaryOf(t: Tally, startedAtMs: number, endedAtMs: number): ReplenishmentRunSummary {
  return {
    ranAtMs: startedAtMs,
    durationMs: endedAtMs - startedAtMs,
    positions: t.positions,
    skippedUnknownItems: t.skippedUnknownItems,
    proposals: {
      created: t.created,
      transfers: t.transfers,
      purchaseOrders: t.purchaseOrders,
      approvedAutomatically: t.approvedAutomatically,
      awaitingApproval: t.awaitingApproval,
      alreadyProposed: t.alreadyProposed,
      value: t.value,
    },
    delayedReceiptCases: t.delayedReceiptCases,
    heldByLateInbound: t.heldByLateInbound,
  };
}

/** Groups a chunk's rows by SKU (positions arrive ordered by sku, node). */
function slicesOf(snapshot: ReplenishmentSnapshot): SkuSlice[] {
  type Mutable = { sku: string; positions: Position[]; demand: Map<string, DemandSeries>; openInbound: OpenInboundRow[]; pendingProposals: ProposalRecord[] };
  const bySku = new Map<string, Mutable>();
  for (const p of snapshot.positions) {
    let e = bySku.get(p.sku);
    if (e === undefined) {
      e = { sku: p.sku, positions: [], demand: new Map(), openInbound: [], pendingProposals: [] };
      bySku.set(p.sku, e);
    }
    e.positions.push(p);
  }
  for (const s of snapshot.demand) bySku.get(s.sku)?.demand.set(demandKey(asSku(s.sku), asNodeId(s.node)), s);
  for (const r of snapshot.openInbound) bySku.get(r.sku)?.openInbound.push(r);
  for (const r of snapshot.pendingProposals) bySku.get(r.sku)?.pendingProposals.push(r);
  return [...bySku.values()];
}
