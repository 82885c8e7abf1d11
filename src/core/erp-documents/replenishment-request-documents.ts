import { assert } from '../assert.ts';
import type { Proposal } from '../replenishment/proposal.ts';
import { documentKey } from './document-key.ts';
import { documentLine } from './document-line.ts';
import type { DocumentCause, PurchaseOrderRequest, TransferRequest } from './erp-document.ts';

/** The cause of every replenishment request: the proposal itself, as a journalled command would name it. */
export const REPLENISHMENT_DOCUMENT_SOURCE = 'omnistock/replenishment';

/**
 * The ERP request of an approved proposal (pure): a `PurchaseOrderRequest` to the supplier, or a
 * `TransferRequest` from the donor DC. Keyed by the proposal id, so a repeated approval (or a
 * replayed command) makes no second request. `occurredAtMs` is the approval time.
 *
 * @example
 * replenishmentRequestDocument(approvedProposal, nowMs).idempotencyKey
 * // 'purchase-order-request:omnistock%2Freplenishment:RP-20260105-1a2b…:SKU-1'
 */
export function replenishmentRequestDocument(p: Proposal, approvedAtMs: number): PurchaseOrderRequest | TransferRequest {
  const cause: DocumentCause = { source: REPLENISHMENT_DOCUMENT_SOURCE, id: p.id, type: 'replenishment.approved' };
  const lines = [documentLine(p.sku, p.node, p.qty, new Map([[p.sku, p.unitCost]]))];
  if (p.kind === 'transfer') {
    assert(p.fromNode !== null, `transfer proposal ${p.id} has no origin`);
    return {
      type: 'TransferRequest',
      idempotencyKey: documentKey('TransferRequest', cause, p.sku),
      occurredAtMs: approvedAtMs,
      cause,
      details: { proposalId: p.id, fromNode: p.fromNode, toNode: p.node, expectedAtMs: p.expectedAtMs },
      lines,
    };
  }
  return {
    type: 'PurchaseOrderRequest',
    idempotencyKey: documentKey('PurchaseOrderRequest', cause, p.sku),
    occurredAtMs: approvedAtMs,
    cause,
    details: { proposalId: p.id, supplier: p.supplier, expectedAtMs: p.expectedAtMs },
    lines,
  };
}
