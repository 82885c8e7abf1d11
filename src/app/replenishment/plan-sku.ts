import { type DemandSeries, dayIndex, demandKey } from '../../core/demand/daily-demand.ts';
import { type DemandForecast, meanDemandPerDay } from '../../core/demand/forecast-demand.ts';
import { forecastSeries } from '../../core/demand/forecast-series.ts';
import { asNodeId, asSku } from '../../core/ids.ts';
import type { BucketQuantities, Position } from '../../core/ledger/position.ts';
import { limits } from '../../core/limits.ts';
import type { NodeType } from '../../core/master-data/node.ts';
import type { ReplenishmentPolicy } from '../../core/policy/policy-schema.ts';
import { type DonorDc, decideReplenishment, type ReplenishmentDecision } from '../../core/replenishment/decide-replenishment.ts';
import type { OpenInbound } from '../../core/replenishment/open-inbound.ts';
import { reorderInputs } from '../../core/replenishment/reorder-inputs.ts';
import { type ReorderLevels, reorderLevels } from '../../core/replenishment/reorder-levels.ts';
import { replenishmentParams } from '../../core/replenishment/replenishment-params.ts';
import { openProposal } from '../../core/replenishment/transition-proposal.ts';
import type { OpenInboundRow, ProposalRecord } from '../../ports/replenishment-store.ts';
import { proposalId } from './proposal-id.ts';

/** What the run knows of one SKU: every node's position and demand, open inbound lines, pending proposals. */
export type SkuSlice = {
  readonly sku: string;
  readonly positions: readonly Position[];
  readonly demand: ReadonlyMap<string, DemandSeries>;
  readonly openInbound: readonly OpenInboundRow[];
  readonly pendingProposals: readonly ProposalRecord[];
};

/** Master data and settings shared by every SKU of a run. */
export type PlanContext = {
  readonly policy: ReplenishmentPolicy;
  readonly nodeTypes: ReadonlyMap<string, NodeType>;
  readonly item: { readonly category: string; readonly unitCost: number };
  readonly openCaseKeys: ReadonlySet<string>;
  readonly nowMs: number;
  /** Decide only at this node (the others still serve as donors). */
  readonly onlyNode: string | undefined;
};

/** The decisions of one SKU with the proposals to store. */
export type SkuPlan = { readonly decisions: readonly ReplenishmentDecision[]; readonly proposals: readonly ProposalRecord[] };

type NodeLevels = { readonly levels: ReorderLevels; readonly forecast: DemandForecast; readonly demandPerDay: number };

/**
 * Plans one SKU over its nodes with the pure core. Stores and other non-DC nodes go first, then
 * DCs, so a DC that gives units by transfer sees its own position without them when it decides
 * its purchase order. Pending proposals (`proposed`, `approved`) count as inbound at their node
 * and, for a transfer, as already taken from its DC: a proposal waiting for approval or for the
 * ERP is never proposed again by the next run.
 */
export function planSku(slice: SkuSlice, ctx: PlanContext): SkuPlan {
  const today = dayIndex(ctx.nowMs);
  const paramsOf = (node: string) => replenishmentParams(ctx.policy, slice.sku, ctx.item.category, ctx.nodeTypes.get(node) ?? 'store');
  const levelsOf = new Map<string, NodeLevels>();
  for (const p of slice.positions) {
    const params = paramsOf(p.node);
    const forecast = forecastSeries(slice.demand.get(demandKey(asSku(slice.sku), asNodeId(p.node))), today, ctx.policy.forecast);
    const inputs = reorderInputs(forecast, params);
    levelsOf.set(p.node, {
      levels: reorderLevels(inputs),
      forecast,
      demandPerDay: meanDemandPerDay(forecast, params.leadTime[params.lane].days + params.reviewPeriodDays),
    });
  }
  const quantities = new Map<string, BucketQuantities>(slice.positions.map((p) => [p.node, withPending(p, slice.pendingProposals)]));
  const isDc = (node: string) => ctx.nodeTypes.get(node) === 'dc';
  const order = [...slice.positions].sort((a, b) => Number(isDc(a.node)) - Number(isDc(b.node)) || (a.node < b.node ? -1 : 1));
  const decisions: ReplenishmentDecision[] = [];
  const proposals: ProposalRecord[] = [];
  for (const position of order) {
    if (ctx.onlyNode !== undefined && position.node !== ctx.onlyNode) continue;
    const node = position.node;
    const mine = levelsOf.get(node) as NodeLevels;
    const donors: DonorDc[] = slice.positions
      .filter((d) => d.node !== node && isDc(d.node))
      .slice(0, limits.replenishmentDonorsMax)
      .map((d) => ({
        node: asNodeId(d.node),
        quantities: quantities.get(d.node) as BucketQuantities,
        backorderUnits: 0,
        reorderPoint: (levelsOf.get(d.node) as NodeLevels).levels.reorderPoint,
      }));
    const open = openInboundOf(slice.openInbound, node, ctx.nowMs);
    const decision = decideReplenishment({
      sku: asSku(slice.sku),
      node: asNodeId(node),
      quantities: quantities.get(node) as BucketQuantities,
      // Backorders are negative `available` in this ledger, already inside the position.
      backorderUnits: 0,
      levels: mine.levels,
      params: paramsOf(node),
      unitCost: ctx.item.unitCost,
      openInbound: open,
      donors,
      openCaseKeys: ctx.openCaseKeys,
      policy: ctx.policy,
      nowMs: ctx.nowMs,
    });
    decisions.push(decision);
    const pendingUnits = pendingAt(slice.pendingProposals, node);
    for (const draft of decision.proposals) {
      if (draft.kind === 'transfer' && draft.fromNode !== null) take(quantities, draft.fromNode, draft.qty);
      const trace = {
        basis: draft.basis,
        levels: mine.levels,
        forecast: {
          method: mine.forecast.method,
          historyDays: mine.forecast.historyDays,
          demandPerDay: mine.demandPerDay,
          errorStdDev: mine.forecast.errorStdDev,
        },
        pendingProposalUnits: pendingUnits,
        lateInbound: decision.delayedReceipts.map((d) => d.reference),
      };
      proposals.push({ ...openProposal(proposalId(ctx.nowMs, slice.sku, node, draft.kind), draft), trace, updatedAtMs: ctx.nowMs });
    }
  }
  return { decisions, proposals };
}

/** The position's buckets with pending proposals to it added to `inbound` and pending transfers from it taken from `available`. */
function withPending(p: Position, pending: readonly ProposalRecord[]): BucketQuantities {
  let inbound = p.inbound;
  let available = p.available;
  for (const r of pending) {
    if (r.node === p.node) inbound += r.qty;
    if (r.kind === 'transfer' && r.fromNode === p.node) available -= r.qty;
  }
  return { available, reserved: p.reserved, allocated: p.allocated, quarantine: p.quarantine, refurbish: p.refurbish, damaged: p.damaged, inbound };
}

function pendingAt(pending: readonly ProposalRecord[], node: string): number {
  return pending.reduce((sum, r) => sum + (r.node === node ? r.qty : 0), 0);
}

/** A transfer proposed in this run leaves the DC: its next decisions (and its own) see fewer units. */
function take(quantities: Map<string, BucketQuantities>, node: string, qty: number): void {
  const q = quantities.get(node);
  if (q !== undefined) quantities.set(node, { ...q, available: q.available - qty });
}

/**
 * Open inbound documents of a node as the core takes them, soonest expected first and at most
 * `replenishmentOpenInboundMax`. An ASN/PO whose `expectedAt` is still unknown (announced before
 * the default existed) is placed "now": it is never late until it gets a time.
 */
function openInboundOf(rows: readonly OpenInboundRow[], node: string, nowMs: number): OpenInbound[] {
  return rows
    .filter((r) => r.node === node && r.outstandingUnits > 0)
    .sort((a, b) => (a.expectedAtMs ?? Number.MAX_SAFE_INTEGER) - (b.expectedAtMs ?? Number.MAX_SAFE_INTEGER))
    .slice(0, limits.replenishmentOpenInboundMax)
    .map((r) => ({
      kind: r.kind,
      reference: r.reference,
      outstandingUnits: r.outstandingUnits,
      placedAtMs: r.placedAtMs ?? nowMs,
      expectedAtMs: r.expectedAtMs,
    }));
}
