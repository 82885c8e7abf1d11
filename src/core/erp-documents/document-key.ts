import { assert } from '../assert.ts';
import type { DocumentCause, ErpDocumentType } from './erp-document.ts';

/** The key prefix of each document type: lower-case, stable, part of the public contract. */
export const DOCUMENT_KEY_PREFIXES = {
  GoodsReceipt: 'goods-receipt',
  InventoryAdjustment: 'inventory-adjustment',
  TransferConfirmation: 'transfer-confirmation',
  ReturnOutcome: 'return-outcome',
  ScrapOrDisposal: 'scrap-or-disposal',
  VendorReturn: 'vendor-return',
  PurchaseOrderRequest: 'purchase-order-request',
  TransferRequest: 'transfer-request',
} as const satisfies Record<ErpDocumentType, string>;

/** Longest key: the prefix, source, id and sku at their length limits, percent-encoded, plus qualifiers. */
export const DOCUMENT_KEY_LENGTH_MAX = 2_048;

/**
 * The idempotency key of one business fact: `<prefix>:<source>:<id>:<sku>[:<qualifier>…]`, each
 * part percent-encoded so that a `:` inside a source or an event id cannot make two facts collide
 * (`a:b` + `c` versus `a` + `b:c`). Derived only from the triggering event's identity and what it
 * is about, never from a row id or a clock: the same event, replayed or posted twice, gives the
 * same key, and the store keeps the first document of a key (`on conflict do nothing`).
 *
 * @example
 * documentKey('GoodsReceipt', { source: 'wms-1', id: 'r-7', type: 'wms.receipt' }, 'SKU-1')
 * // 'goods-receipt:wms-1:r-7:SKU-1'
 */
export function documentKey(type: ErpDocumentType, cause: DocumentCause, sku: string, qualifiers: readonly string[] = []): string {
  const key = [DOCUMENT_KEY_PREFIXES[type], cause.source, cause.id, sku, ...qualifiers].map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join(':');
  assert(key.length <= DOCUMENT_KEY_LENGTH_MAX, `document key longer than ${DOCUMENT_KEY_LENGTH_MAX}`);
  return key;
}
