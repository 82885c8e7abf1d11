import { assert } from '../assert.ts';
import type { NodeId, Sku } from '../ids.ts';
import type { LeadTime } from '../policy/policy-schema.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Kinds of inbound document a node can be waiting for. */
export const INBOUND_KINDS = ['transfer', 'purchase_order'] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

/**
 * One open inbound document for a (sku, node): a shipped transfer or an ASN/PO with units still
 * outstanding. The shell builds these from transfer lines and inbound documents of the ledger.
 */
export type OpenInbound = {
  readonly kind: InboundKind;
  /** Transfer id or ASN/PO reference. */
  readonly reference: string;
  readonly outstandingUnits: number;
  /** When the transfer shipped or the PO/ASN was created, epoch ms. */
  readonly placedAtMs: number;
  /** `expectedAt` of the event; null: the lane's lead time after `placedAtMs`. */
  readonly expectedAtMs: number | null;
};

/**
 * A signal that an inbound document is late: the shell opens (or keeps) a `delayed_receipt` case
 * for it, deduplicated by `dedupeKey`, instead of ordering the same units again.
 */
export type DelayedReceipt = {
  readonly kind: 'delayed_receipt';
  readonly sku: Sku;
  readonly node: NodeId;
  readonly inboundKind: InboundKind;
  readonly reference: string;
  readonly outstandingUnits: number;
  readonly expectedAtMs: number;
  readonly graceMs: number;
  /** How far past `expectedAtMs + graceMs` it is at decision time. */
  readonly lateByMs: number;
  readonly dedupeKey: string;
};

/** The expected arrival of a document: its own `expectedAt`, else placed time + the lane's lead time (the default). */
export function expectedArrivalMs(inbound: OpenInbound, leadTime: LeadTime): number {
  return inbound.expectedAtMs ?? inbound.placedAtMs + leadTime.days * DAY_MS;
}

/** The dedupe key of a delayed-receipt case: one case per document, SKU and node. */
export const delayedReceiptKey = (sku: Sku, node: NodeId, reference: string): string => `delayed_receipt:${node}:${sku}:${reference}`;

/**
 * Late documents at `nowMs`: past their expected arrival by more than the grace. A transfer comes
 * by the DC lane, a purchase order by the supplier lane.
 */
export function lateInbound(
  sku: Sku,
  node: NodeId,
  open: readonly OpenInbound[],
  leadTime: { readonly supplier: LeadTime; readonly dc: LeadTime },
  graceHours: number,
  nowMs: number,
): DelayedReceipt[] {
  assert(graceHours >= 0, 'grace is not negative');
  const graceMs = graceHours * HOUR_MS;
  const late: DelayedReceipt[] = [];
  for (const doc of open) {
    assert(Number.isSafeInteger(doc.outstandingUnits) && doc.outstandingUnits >= 0, `outstanding units of ${doc.reference} must be a non-negative integer`);
    if (doc.outstandingUnits === 0) continue;
    const expectedAtMs = expectedArrivalMs(doc, doc.kind === 'transfer' ? leadTime.dc : leadTime.supplier);
    const lateByMs = nowMs - (expectedAtMs + graceMs);
    if (lateByMs <= 0) continue;
    late.push({
      kind: 'delayed_receipt',
      sku,
      node,
      inboundKind: doc.kind,
      reference: doc.reference,
      outstandingUnits: doc.outstandingUnits,
      expectedAtMs,
      graceMs,
      lateByMs,
      dedupeKey: delayedReceiptKey(sku, node, doc.reference),
    });
  }
  return late;
}
