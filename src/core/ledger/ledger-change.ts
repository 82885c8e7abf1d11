import type { NodeId, Sku } from '../ids.ts';
import type { Movement } from './movement.ts';

/** An expected receipt against a reference (ASN or PO), per SKU and node. */
export type InboundDocument = {
  readonly reference: string;
  readonly sku: Sku;
  readonly node: NodeId;
  readonly announcedQty: number;
  readonly receivedQty: number;
  readonly expectedAtMs: number | null;
};

/** One SKU line of a transfer between nodes, keyed by (transferId, sku). */
export type TransferLine = {
  readonly transferId: string;
  readonly sku: Sku;
  readonly fromNode: NodeId;
  readonly toNode: NodeId;
  readonly shippedQty: number;
  readonly receivedQty: number;
  readonly shippedAtMs: number;
  readonly expectedAtMs: number | null;
};

/** The recorded outcome of a cycle count, kept whether or not it moved stock. */
export type CountRecord = {
  readonly sku: Sku;
  readonly node: NodeId;
  readonly countedAtMs: number;
  readonly countedQty: number;
  /** Sellable units the ledger held as of `countedAtMs`. */
  readonly expectedQty: number;
  readonly variance: number;
  /** True when a newer count was already applied: recorded for audit, no movement. */
  readonly superseded: boolean;
};

/**
 * Everything one event changes in the ledger, decided by the pure core and applied by a store
 * in one transaction. Documents and transfers are written as full new values (the store upserts).
 */
export type LedgerChange = {
  readonly movements: readonly Movement[];
  readonly inboundDocuments: readonly InboundDocument[];
  readonly transferLines: readonly TransferLine[];
  readonly count: CountRecord | null;
  /** True when the event happened before the last count at a node it touches (ARCHITECTURE §1). */
  readonly late: boolean;
};

export const emptyChange = (): LedgerChange => ({
  movements: [],
  inboundDocuments: [],
  transferLines: [],
  count: null,
  late: false,
});
