import { type Bucket, isBucketSide, type Side } from '../ledger/buckets.ts';
import type { TransferLine } from '../ledger/ledger-change.ts';
import type { Movement } from '../ledger/movement.ts';
import { documentKey } from './document-key.ts';
import { documentLine, type UnitCosts } from './document-line.ts';
import { ADJUSTMENT_REASONS, type AdjustmentEffect, type AdjustmentReason, type DocumentCause, type ErpDocument, type ErpStockType } from './erp-document.ts';

/**
 * The movements one event (or command) wrote in a ledger transaction, with what the shell knows
 * of the cause: its identity, its `data` as journalled, and the transfer lines the same change
 * wrote (the origin node of a transfer receipt).
 */
export type CausedMovements = {
  readonly cause: DocumentCause;
  /** The cause's CloudEvents `data` (reference, transferId, fulfilmentOrderId, …); null when it has none. */
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly movements: readonly Movement[];
  readonly transferLines: readonly Pick<TransferLine, 'transferId' | 'sku' | 'fromNode' | 'toNode'>[];
};

/** What one movement contributes to: a document (by key) and a line at a node. */
type Contribution = { readonly node: string; readonly draft: Omit<ErpDocument, 'lines'> };

/**
 * Maps ledger movements to ERP documents (pure). One document per business fact: per cause, SKU
 * and kind (and reason and effect for adjustments); movements of one fact at one node add up to
 * one line. Which movement makes which document:
 *
 * | movement | document |
 * |---|---|
 * | any side → `disposed` account | ScrapOrDisposal (from the stock type it left) |
 * | any side → `vendor_return` account | VendorReturn |
 * | reason `receipt` / `receipt_qc` | GoodsReceipt (PO = the event's `reference`) |
 * | reason `transfer_in` | TransferConfirmation (origin from the transfer line) |
 * | reasons cycle_count, damage, shrink, found, adjustment, short_pick, late_posting_correction across `shrink`, or into `damaged` | InventoryAdjustment |
 * | everything else (sales, shipments, reservations, transfer_out, expected receipts, customer returns) | none |
 *
 * Returns are booked at disposition with `returnOutcomeDocuments`, not from `customer_return`:
 * until inspection the ERP has nothing to value.
 *
 * @example
 * documentsFor([{ cause, data: { reference: 'PO-1' }, movements: [receiptMovement], transferLines: [] }], new Map([['SKU-1', 2.5]]))
 * // [{ type: 'GoodsReceipt', idempotencyKey: 'goods-receipt:wms:e1:SKU-1', details: { purchaseOrder: 'PO-1', … }, lines: [{ …, value: 25 }] }]
 */
export function documentsFor(caused: readonly CausedMovements[], unitCosts: UnitCosts): ErpDocument[] {
  const drafts = new Map<string, { sku: string; draft: Omit<ErpDocument, 'lines'>; qtyByNode: Map<string, number> }>();
  for (const group of caused) {
    for (const m of group.movements) {
      const c = contributionOf(m, group);
      if (c === null) continue;
      const entry = drafts.get(c.draft.idempotencyKey) ?? { sku: m.sku, draft: c.draft, qtyByNode: new Map<string, number>() };
      entry.qtyByNode.set(c.node, (entry.qtyByNode.get(c.node) ?? 0) + m.qty);
      drafts.set(c.draft.idempotencyKey, entry);
    }
  }
  return [...drafts.values()].map(({ sku, draft, qtyByNode }) => {
    const nodes = [...qtyByNode.keys()].sort();
    return { ...draft, lines: nodes.map((node) => documentLine(sku, node, qtyByNode.get(node) as number, unitCosts)) } as ErpDocument;
  });
}

function contributionOf(m: Movement, group: CausedMovements): Contribution | null {
  const { cause, data } = group;
  const base = (type: ErpDocument['type'], qualifiers: readonly string[] = []) => ({
    idempotencyKey: documentKey(type, cause, m.sku, qualifiers),
    occurredAtMs: m.occurredAtMs,
    cause,
  });
  const make = (node: string, draft: Omit<ErpDocument, 'lines'>): Contribution => ({ node, draft });
  if ('account' in m.to && (m.to.account === 'disposed' || m.to.account === 'vendor_return')) {
    if (!isBucketSide(m.from)) return null;
    const fromStock = stockTypeOf(m.from.bucket);
    if (m.to.account === 'disposed') return make(m.from.node, { ...base('ScrapOrDisposal', [fromStock]), type: 'ScrapOrDisposal', details: { fromStock } });
    const po = stringOf(data, 'reference');
    return make(m.from.node, {
      ...base('VendorReturn', [fromStock]),
      type: 'VendorReturn',
      details: { fromStock, purchaseOrder: po === null ? null : splitReference(po).purchaseOrder, claimReference: stringOf(data, 'claimReference') },
    });
  }
  if ((m.reason === 'receipt' || m.reason === 'receipt_qc') && isBucketSide(m.to)) {
    const reference = stringOf(data, 'reference');
    const { purchaseOrder, purchaseOrderItem } = reference === null ? { purchaseOrder: null, purchaseOrderItem: null } : splitReference(reference);
    const stockType = m.reason === 'receipt_qc' || m.to.bucket === 'quarantine' ? 'quality_inspection' : 'unrestricted';
    return make(m.to.node, { ...base('GoodsReceipt'), type: 'GoodsReceipt', details: { purchaseOrder, purchaseOrderItem, stockType } });
  }
  if (m.reason === 'transfer_in' && isBucketSide(m.to)) {
    const transferId = stringOf(data, 'transferId') ?? '';
    const line = group.transferLines.find((t) => t.transferId === transferId && t.sku === m.sku);
    return make(m.to.node, {
      ...base('TransferConfirmation'),
      type: 'TransferConfirmation',
      details: { transferId, fromNode: line?.fromNode ?? null, toNode: m.to.node },
    });
  }
  if ((ADJUSTMENT_REASONS as readonly string[]).includes(m.reason)) {
    const reason = m.reason as AdjustmentReason;
    const effect = adjustmentEffect(m.from, m.to);
    if (effect === null) return null;
    const node = effect.node;
    return make(node, { ...base('InventoryAdjustment', [reason, effect.effect]), type: 'InventoryAdjustment', details: { reason, effect: effect.effect } });
  }
  return null;
}

/** Gain from the `shrink` account, loss to it, or a move into `damaged`: the adjustments the ERP values. */
function adjustmentEffect(from: Side, to: Side): { effect: AdjustmentEffect; node: string } | null {
  if ('account' in from && from.account === 'shrink' && isBucketSide(to)) return { effect: 'gain', node: to.node };
  if ('account' in to && to.account === 'shrink' && isBucketSide(from)) return { effect: 'loss', node: from.node };
  if (isBucketSide(from) && isBucketSide(to) && to.bucket === 'damaged' && from.bucket !== 'damaged') return { effect: 'to_blocked', node: from.node };
  return null;
}

/** The ERP stock type a bucket's units are in: sellable buckets are unrestricted; quarantine and refurbish await inspection. */
export function stockTypeOf(bucket: Bucket): ErpStockType {
  switch (bucket) {
    case 'quarantine':
    case 'refurbish':
      return 'quality_inspection';
    case 'damaged':
      return 'blocked';
    default:
      return 'unrestricted';
  }
}

/** `<po>:<item>` names a PO item; anything else is the PO alone. */
export function splitReference(reference: string): { purchaseOrder: string; purchaseOrderItem: string | null } {
  const at = reference.lastIndexOf(':');
  if (at <= 0 || at === reference.length - 1 || !/^\d+$/.test(reference.slice(at + 1))) return { purchaseOrder: reference, purchaseOrderItem: null };
  return { purchaseOrder: reference.slice(0, at), purchaseOrderItem: reference.slice(at + 1) };
}

function stringOf(data: Readonly<Record<string, unknown>> | null, field: string): string | null {
  const value = data?.[field];
  return typeof value === 'string' && value !== '' ? value : null;
}
