import { assertNever } from '../assert.ts';
import { type DomainError, domainError } from '../errors.ts';
import type { EventData, ValidEvent } from '../events/catalogue.ts';
import { asNodeId, asSku, type NodeId, type Sku } from '../ids.ts';
import { ok, type Result } from '../result.ts';
import { account, at } from './buckets.ts';
import { decideCycleCount } from './decide-cycle-count.ts';
import { decideTransferReceived, decideTransferShipped } from './decide-transfer.ts';
import { withLatePostingCorrection } from './late-posting.ts';
import { emptyChange, type LedgerChange } from './ledger-change.ts';
import type { LedgerView } from './ledger-view.ts';
import { type Movement, movement } from './movement.ts';

/**
 * Decides what one valid inbound event does to the ledger. Pure: reads only `view`, returns the
 * change or an expected error. Physical facts (a sale, a shipment) are recorded even when they drive
 * `available` negative: that is a conflict for a case, not a reason to lose the fact.
 */
export function decideEvent(event: ValidEvent, view: LedgerView): Result<LedgerChange, DomainError> {
  const sku = asSku(event.data.sku);
  const node = asNodeId(event.data.node);
  const t = event.occurredAtMs;
  switch (event.type) {
    case 'pos.sale':
      return late(sku, [movement(sku, at(node, 'available'), account('customer'), event.data.qty, 'sale', t)], view, t);
    case 'pos.return':
      return late(sku, [movement(sku, account('customer'), at(node, 'quarantine'), event.data.qty, 'customer_return', t)], view, t);
    case 'wms.receipt':
      return decideReceipt(sku, node, event.data, view, t);
    case 'wms.adjustment':
      return late(sku, [adjustmentMovement(sku, node, event.data, t)], view, t);
    case 'wms.cycle_count':
      return ok(decideCycleCount(sku, node, event.data.countedQty, view, t));
    case 'supplier.asn':
    case 'erp.po.created':
      return ok(decideExpectedReceipt(sku, node, event.data, view, t));
    case 'transfer.shipped':
      return decideTransferShipped(sku, node, event.data, view, t);
    case 'transfer.received':
      return decideTransferReceived(sku, node, event.data, view, t);
    default:
      return assertNever(event, 'event type');
  }
}

function late(sku: Sku, movements: Movement[], view: LedgerView, t: number): Result<LedgerChange, DomainError> {
  return ok(withLatePostingCorrection(sku, { ...emptyChange(), movements }, view, t));
}

function adjustmentMovement(sku: Sku, node: NodeId, data: EventData['wms.adjustment'], t: number): Movement {
  const qty = Math.abs(data.delta);
  if (data.delta < 0) {
    const to = data.reason === 'damage' ? at(node, 'damaged') : account('shrink');
    return movement(sku, at(node, 'available'), to, qty, data.reason === 'damage' ? 'damage' : data.reason === 'shrink' ? 'shrink' : 'adjustment', t);
  }
  return movement(sku, account('shrink'), at(node, 'available'), qty, data.reason === 'found' ? 'found' : 'adjustment', t);
}

/** Validates the sign rules of `wms.adjustment` that the schema alone cannot express. */
export function checkAdjustmentSign(data: EventData['wms.adjustment']): DomainError | null {
  if ((data.reason === 'damage' || data.reason === 'shrink') && data.delta > 0) {
    return domainError('invalid_event', `an adjustment with reason ${data.reason} removes units: delta must be negative`, 'data.delta');
  }
  if (data.reason === 'found' && data.delta < 0) {
    return domainError('invalid_event', 'an adjustment with reason found adds units: delta must be positive', 'data.delta');
  }
  return null;
}

function decideReceipt(sku: Sku, node: NodeId, data: EventData['wms.receipt'], view: LedgerView, t: number): Result<LedgerChange, DomainError> {
  const into = at(node, data.into ?? 'available');
  const reason = data.into === 'quarantine' ? 'receipt_qc' : 'receipt';
  const doc = data.reference === undefined ? undefined : view.inboundDocument(data.reference, sku, node);
  const open = doc ? Math.max(0, doc.announcedQty - doc.receivedQty) : 0;
  const fromInbound = Math.min(open, data.qty);
  const fromSupplier = data.qty - fromInbound;
  const movements: Movement[] = [];
  if (fromInbound > 0) movements.push(movement(sku, at(node, 'inbound'), into, fromInbound, reason, t));
  if (fromSupplier > 0) movements.push(movement(sku, account('supplier'), into, fromSupplier, reason, t));
  const inboundDocuments = doc ? [{ ...doc, receivedQty: doc.receivedQty + fromInbound }] : [];
  return ok(withLatePostingCorrection(sku, { ...emptyChange(), movements, inboundDocuments }, view, t));
}

/**
 * An ASN or PO announces units at a node. A second announcement of the same (reference, sku,
 * node), such as the ASN that follows its PO, moves only the increase, so units are never
 * expected twice.
 */
function decideExpectedReceipt(sku: Sku, node: NodeId, data: EventData['supplier.asn'], view: LedgerView, t: number): LedgerChange {
  const doc = view.inboundDocument(data.reference, sku, node);
  const announced = doc?.announcedQty ?? 0;
  const increase = Math.max(0, data.qty - announced);
  const expectedAtMs = data.expectedAt === undefined ? (doc?.expectedAtMs ?? null) : Date.parse(data.expectedAt);
  const document = { reference: data.reference, sku, node, announcedQty: Math.max(announced, data.qty), receivedQty: doc?.receivedQty ?? 0, expectedAtMs };
  return {
    ...emptyChange(),
    movements: increase > 0 ? [movement(sku, account('supplier'), at(node, 'inbound'), increase, 'expected_receipt', t)] : [],
    inboundDocuments: [document],
  };
}
