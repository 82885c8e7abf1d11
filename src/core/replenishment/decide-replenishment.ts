import { assert } from '../assert.ts';
import type { NodeId, Sku } from '../ids.ts';
import type { BucketQuantities } from '../ledger/position.ts';
import { limits } from '../limits.ts';
import type { ReplenishmentPolicy } from '../policy/policy-schema.ts';
import { inventoryPosition } from './inventory-position.ts';
import { type DelayedReceipt, lateInbound, type OpenInbound } from './open-inbound.ts';
import { purchaseQuantity } from './order-quantity.ts';
import type { ProposalDraft } from './proposal.ts';
import type { ReorderLevels } from './reorder-levels.ts';
import type { ReplenishmentParams } from './replenishment-params.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A DC that may give stock by transfer: its position for the SKU and its own reorder point. */
export type DonorDc = {
  readonly node: NodeId;
  readonly quantities: BucketQuantities;
  readonly backorderUnits: number;
  readonly reorderPoint: number;
};

/** Everything one replenishment decision reads; the shell gathers it per (sku, node). */
export type ReplenishmentInput = {
  readonly sku: Sku;
  readonly node: NodeId;
  readonly quantities: BucketQuantities;
  readonly backorderUnits: number;
  readonly levels: ReorderLevels;
  readonly params: ReplenishmentParams;
  readonly unitCost: number;
  readonly openInbound: readonly OpenInbound[];
  /** DCs other than `node` holding the SKU (candidates for a transfer). */
  readonly donors: readonly DonorDc[];
  /** Dedupe keys of `delayed_receipt` cases already open: they are not signalled again. */
  readonly openCaseKeys: ReadonlySet<string>;
  readonly policy: Pick<ReplenishmentPolicy, 'approvalValueAbove' | 'delayedReceiptGraceHours'>;
  readonly nowMs: number;
};

/** The outcome for one (sku, node): proposals to make and late documents to signal. */
export type ReplenishmentDecision = {
  readonly sku: Sku;
  readonly node: NodeId;
  readonly position: number;
  readonly levels: ReorderLevels;
  /** Transfer first, then a purchase order for what the DC cannot give; empty above the reorder point. */
  readonly proposals: readonly ProposalDraft[];
  /** Newly late inbound documents (not in `openCaseKeys`). */
  readonly delayedReceipts: readonly DelayedReceipt[];
  /** True when only late inbound keeps the position above the reorder point: without it we would have ordered again. */
  readonly heldByLateInbound: boolean;
  /** `max_stock` when the cap cut (or cancelled) the purchase order. */
  readonly limitedBy: 'none' | 'max_stock';
};

/**
 * Decides replenishment for one SKU at one node (pure).
 *
 * 1. Position = available + reserved + allocated + inbound − backorders; late inbound still counts,
 *    so a late transfer or PO never causes a second order. Each late document is returned once as a
 *    `delayed_receipt` signal instead.
 * 2. Position > reorder point: nothing to order.
 * 3. Otherwise the need is `orderUpTo − position`: a transfer from the DC with the most stock above
 *    its own reorder point (at most that surplus, and at most its available units), then a purchase
 *    order to the item's supplier for the rest, at least the MOQ, in whole cases, capped by max stock.
 * Transfers move whole units with no MOQ or case pack: those are supplier terms.
 */
export function decideReplenishment(input: ReplenishmentInput): ReplenishmentDecision {
  assert(input.openInbound.length <= limits.replenishmentOpenInboundMax, 'too many open inbound documents for one position');
  assert(input.donors.length <= limits.replenishmentDonorsMax, 'too many donor DCs');
  const { sku, node, levels, params } = input;
  const position = inventoryPosition(input.quantities, input.backorderUnits);
  const late = lateInbound(sku, node, input.openInbound, params.leadTime, input.policy.delayedReceiptGraceHours, input.nowMs);
  const lateUnits = late.reduce((sum, l) => sum + l.outstandingUnits, 0);
  const base = {
    sku,
    node,
    position,
    levels,
    delayedReceipts: late.filter((l) => !input.openCaseKeys.has(l.dedupeKey)),
    heldByLateInbound: position > levels.reorderPoint && position - lateUnits <= levels.reorderPoint,
  };
  if (position > levels.reorderPoint) return { ...base, proposals: [], limitedBy: 'none' };

  const need = levels.orderUpTo - position;
  const room = params.maxStockUnits === null ? Number.POSITIVE_INFINITY : Math.max(0, params.maxStockUnits - position);
  const wantedUnits = Math.min(Math.ceil(need - 1e-9), room);
  const proposals: ProposalDraft[] = [];
  const donor = bestDonor(input.donors, node);
  const transferUnits = donor === null ? 0 : Math.min(donor.giveUnits, wantedUnits);
  if (donor !== null && transferUnits > 0) {
    proposals.push(draft(input, { kind: 'transfer', fromNode: donor.node, supplier: null }, transferUnits, params.leadTime.dc.days, position));
  }
  const purchase = purchaseQuantity(need - transferUnits, position + transferUnits, params);
  if (purchase.units > 0) {
    proposals.push(
      draft(input, { kind: 'purchase_order', fromNode: null, supplier: params.supplier }, purchase.units, params.leadTime.supplier.days, position),
    );
  }
  const capped = room < Math.ceil(need - 1e-9) || purchase.limitedBy === 'max_stock';
  return { ...base, proposals, limitedBy: capped ? 'max_stock' : 'none' };
}

/** The DC that can give the most without falling under its own reorder point (ties: smaller node id). */
function bestDonor(donors: readonly DonorDc[], self: NodeId): { node: NodeId; giveUnits: number } | null {
  let best: { node: NodeId; giveUnits: number } | null = null;
  for (const d of donors) {
    if (d.node === self) continue;
    const surplus = Math.floor(inventoryPosition(d.quantities, d.backorderUnits) - d.reorderPoint);
    const giveUnits = Math.max(0, Math.min(d.quantities.available, surplus));
    if (giveUnits === 0) continue;
    if (best === null || giveUnits > best.giveUnits || (giveUnits === best.giveUnits && d.node < best.node)) best = { node: d.node, giveUnits };
  }
  return best;
}

function draft(
  input: ReplenishmentInput,
  route: Pick<ProposalDraft, 'kind' | 'fromNode' | 'supplier'>,
  qty: number,
  leadTimeDays: number,
  position: number,
): ProposalDraft {
  assert(Number.isSafeInteger(qty) && qty > 0 && qty <= limits.qtyMax, `proposal quantity out of range: ${qty}`);
  // Money in 1/10,000 like item prices, so the value compares with the threshold without float dust.
  const value = Math.round(qty * input.unitCost * 10_000) / 10_000;
  return {
    ...route,
    sku: input.sku,
    node: input.node,
    qty,
    unitCost: input.unitCost,
    value,
    approvalRequired: value > input.policy.approvalValueAbove,
    expectedAtMs: input.nowMs + Math.round(leadTimeDays * DAY_MS),
    basis: { position, reorderPoint: input.levels.reorderPoint, orderUpTo: input.levels.orderUpTo },
    decidedAtMs: input.nowMs,
  };
}
