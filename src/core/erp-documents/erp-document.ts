/**
 * Normalised ERP documents (issue 4, docs/erp-documents.md): what Omnistock tells the ERP after an
 * operational flow resolved, so that the ERP stays the system of record for inventory accounting.
 * One document per business fact, identified by a stable `idempotencyKey` derived from that fact
 * (never from a row id or a clock), so replaying the triggering event cannot make a second one.
 */

/** The closed list of document types; connectors map each to their own movement kinds. */
export const ERP_DOCUMENT_TYPES = [
  'GoodsReceipt',
  'InventoryAdjustment',
  'TransferConfirmation',
  'ReturnOutcome',
  'ScrapOrDisposal',
  'VendorReturn',
  // Issue 5 replenishment requests (docs/replenishment.md), appended.
  'PurchaseOrderRequest',
  'TransferRequest',
] as const;
export type ErpDocumentType = (typeof ERP_DOCUMENT_TYPES)[number];

/** The ERP's view of where stock sits inside a node: the three stock types every ERP knows. */
export const ERP_STOCK_TYPES = ['unrestricted', 'quality_inspection', 'blocked'] as const;
export type ErpStockType = (typeof ERP_STOCK_TYPES)[number];

/** Why an inventory adjustment happened (the ledger's movement reasons that change valued stock). */
export const ADJUSTMENT_REASONS = ['cycle_count', 'damage', 'shrink', 'found', 'adjustment', 'short_pick', 'late_posting_correction'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/**
 * What an adjustment does to the ERP's stock: `gain` and `loss` change the valued quantity
 * (inventory differences); `to_blocked` keeps it but makes it unusable (damage found on the shelf).
 */
export const ADJUSTMENT_EFFECTS = ['gain', 'loss', 'to_blocked'] as const;
export type AdjustmentEffect = (typeof ADJUSTMENT_EFFECTS)[number];

/** Return dispositions (issue 4 returns workflow) that the ERP must book. */
export const RETURN_OUTCOMES = ['restock', 'refurbish', 'damaged'] as const;
export type ReturnOutcomeKind = (typeof RETURN_OUTCOMES)[number];

/** The event or command that caused the document: its CloudEvents identity and type. */
export type DocumentCause = { readonly source: string; readonly id: string; readonly type: string };

/**
 * One line: `qty` units (always positive; the direction is in the document's details) of one SKU
 * at one node, valued at the item master's `unitCost` when the document was made.
 * `value = qty × unitCost`, rounded to 4 decimals like every money field of the item master.
 */
export type ErpDocumentLine = {
  readonly sku: string;
  readonly node: string;
  readonly qty: number;
  readonly unitCost: number;
  readonly value: number;
};

type Header<T extends ErpDocumentType, D> = {
  readonly type: T;
  readonly idempotencyKey: string;
  /** Business time of the fact, epoch ms: the ERP's posting and document date. */
  readonly occurredAtMs: number;
  readonly cause: DocumentCause;
  readonly details: D;
  readonly lines: readonly ErpDocumentLine[];
};

/**
 * Units received from a supplier. `purchaseOrder` is the event's `reference` (null for a receipt
 * without one); a reference of the form `<po>:<item>` names the PO item too.
 */
export type GoodsReceipt = Header<
  'GoodsReceipt',
  { readonly purchaseOrder: string | null; readonly purchaseOrderItem: string | null; readonly stockType: 'unrestricted' | 'quality_inspection' }
>;
/** Counts, damage, shrink, found units, short picks and late-posting corrections, with reason and value. */
export type InventoryAdjustment = Header<'InventoryAdjustment', { readonly reason: AdjustmentReason; readonly effect: AdjustmentEffect }>;
/** A transfer received at its destination (lines are at `toNode`); `fromNode` null when unknown. */
export type TransferConfirmation = Header<'TransferConfirmation', { readonly transferId: string; readonly fromNode: string | null; readonly toNode: string }>;
/** A returned unit's disposition, booked into the ERP's stock of the matching type. */
export type ReturnOutcome = Header<'ReturnOutcome', { readonly returnId: string; readonly outcome: ReturnOutcomeKind }>;
/** Units scrapped or disposed of, from the stock type they were in. */
export type ScrapOrDisposal = Header<'ScrapOrDisposal', { readonly fromStock: ErpStockType }>;
/** Units sent back to the vendor (recovery claim); `purchaseOrder` when the cause names one. */
export type VendorReturn = Header<
  'VendorReturn',
  { readonly fromStock: ErpStockType; readonly purchaseOrder: string | null; readonly claimReference: string | null }
>;

/**
 * Issue 5: an approved replenishment proposal asks the ERP to create a purchase order. The ERP
 * confirms with `erp.po.created` whose `reference` is `proposalId` (docs/replenishment.md); lines
 * are at the destination node, valued at the proposal's unit cost.
 */
export type PurchaseOrderRequest = Header<
  'PurchaseOrderRequest',
  { readonly proposalId: string; readonly supplier: string | null; readonly expectedAtMs: number }
>;
/** Issue 5: an approved transfer proposal; the origin ships it with `transfer.shipped` whose `transferId` is `proposalId`. */
export type TransferRequest = Header<
  'TransferRequest',
  { readonly proposalId: string; readonly fromNode: string; readonly toNode: string; readonly expectedAtMs: number }
>;

/** A normalised ERP document, as the ledger transaction writes it. */
export type ErpDocument =
  | GoodsReceipt
  | InventoryAdjustment
  | TransferConfirmation
  | ReturnOutcome
  | ScrapOrDisposal
  | VendorReturn
  | PurchaseOrderRequest
  | TransferRequest;

export const isErpDocumentType = (value: string): value is ErpDocumentType => (ERP_DOCUMENT_TYPES as readonly string[]).includes(value);
