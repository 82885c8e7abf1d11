import { assertNever } from '../../core/assert.ts';
import type { ErpDocument } from '../../core/erp-documents/erp-document.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { SapNodeMapping, SapS4Config } from '../../ports/erp-connector.ts';

/** One item of `to_MaterialDocumentItem` (API_MATERIAL_DOCUMENT_SRV, entity A_MaterialDocumentItem). */
export type SapMaterialDocumentItem = {
  Material: string;
  Plant: string;
  StorageLocation: string;
  GoodsMovementType: string;
  /** Edm.Decimal: a string in OData V2 JSON. */
  QuantityInEntryUnit: string;
  EntryUnit: string;
  PurchaseOrder?: string;
  PurchaseOrderItem?: string;
  /** `B`: goods movement for a purchase order. */
  GoodsMovementRefDocType?: string;
  IssuingOrReceivingPlant?: string;
  IssuingOrReceivingStorageLoc?: string;
  GoodsMovementReasonCode?: string;
  /** `2`: quality inspection (receipts into QC). */
  InventoryStockType?: string;
};

/** The deep-insert body of `POST …/A_MaterialDocumentHeader`. */
export type SapMaterialDocumentHeader = {
  GoodsMovementCode: string;
  /** Edm.DateTime in OData V2 JSON: `/Date(<epoch ms at 00:00 UTC>)/`. */
  PostingDate: string;
  DocumentDate: string;
  /** At most 25 characters: `OS` + a digest of the idempotency key, how a redelivery is recognised. */
  MaterialDocumentHeaderText: string;
  to_MaterialDocumentItem: { results: SapMaterialDocumentItem[] };
};

/**
 * Goods-movement code (header, `GoodsMovementCode`) and movement type (item, `GoodsMovementType`)
 * per document; docs/erp-documents.md §4 gives the sources. Codes: 01 goods receipt for a purchase
 * order, 03 goods issue, 04 transfer posting, 05 other goods receipt.
 */
export const SAP_MOVEMENT_TYPES = {
  receiptForPurchaseOrder: { code: '01', type: '101' },
  receiptWithoutPurchaseOrder: { code: '05', type: '501' },
  inventoryGain: { code: '05', type: '701' },
  inventoryLoss: { code: '03', type: '702' },
  unrestrictedToBlocked: { code: '04', type: '344' },
  transferWithinPlant: { code: '04', type: '311' },
  transferBetweenPlants: { code: '04', type: '301' },
  returnToUnrestricted: { code: '05', type: '653' },
  returnToQualityInspection: { code: '05', type: '655' },
  returnToBlocked: { code: '05', type: '657' },
  scrapFromUnrestricted: { code: '03', type: '551' },
  scrapFromQualityInspection: { code: '03', type: '553' },
  scrapFromBlocked: { code: '03', type: '555' },
  returnToVendor: { code: '01', type: '122' },
} as const;

type Movement = { readonly code: string; readonly type: string };

/** `/Date(ms)/` of the UTC day of `epochMs`: SAP posting dates are days. */
export const odataDate = (epochMs: number): string => `/Date(${Math.floor(epochMs / 86_400_000) * 86_400_000})/`;

/**
 * Maps a normalised document to the material-document deep insert, or says why it cannot be
 * posted (a node without a plant, a PO receipt without its PO item, a transfer of unknown origin):
 * content errors that retrying cannot fix, so the document becomes a dead letter naming the fix.
 */
export function sapMaterialDocument(doc: ErpDocument, config: SapS4Config, headerText: string): Result<SapMaterialDocumentHeader, string> {
  const planned = plan(doc, config);
  if (!planned.ok) return planned;
  const { movement, extra } = planned.value;
  const items: SapMaterialDocumentItem[] = [];
  for (const line of doc.lines) {
    const at = config.nodes[line.node];
    if (at === undefined) return err(`node ${line.node} has no plant and storage location in the ERP mapping`);
    const more = extra(at);
    if (!more.ok) return more;
    items.push({
      Material: line.sku,
      Plant: at.plant,
      StorageLocation: at.storageLocation,
      GoodsMovementType: movement.type,
      QuantityInEntryUnit: String(line.qty),
      EntryUnit: config.entryUnit,
      ...reasonCode(doc, config),
      ...more.value,
    });
  }
  const date = odataDate(doc.occurredAtMs);
  return ok({
    GoodsMovementCode: movement.code,
    PostingDate: date,
    DocumentDate: date,
    MaterialDocumentHeaderText: headerText,
    to_MaterialDocumentItem: { results: items },
  });
}

type Plan = { movement: Movement; extra: (at: SapNodeMapping) => Result<Partial<SapMaterialDocumentItem>, string> };
const none = (): Result<Partial<SapMaterialDocumentItem>, string> => ok({});

function plan(doc: ErpDocument, config: SapS4Config): Result<Plan, string> {
  const t = SAP_MOVEMENT_TYPES;
  switch (doc.type) {
    case 'GoodsReceipt': {
      const { purchaseOrder, purchaseOrderItem, stockType } = doc.details;
      const qi = stockType === 'quality_inspection' ? { InventoryStockType: '2' } : {};
      if (purchaseOrder === null) return ok({ movement: t.receiptWithoutPurchaseOrder, extra: () => ok(qi) });
      if (purchaseOrderItem === null) return err(`receipt against ${purchaseOrder} names no PO item; send the reference as <po>:<item>`);
      return ok({
        movement: t.receiptForPurchaseOrder,
        extra: () => ok({ PurchaseOrder: purchaseOrder, PurchaseOrderItem: purchaseOrderItem, GoodsMovementRefDocType: 'B', ...qi }),
      });
    }
    case 'InventoryAdjustment': {
      const effect = doc.details.effect;
      if (effect === 'gain') return ok({ movement: t.inventoryGain, extra: none });
      if (effect === 'loss') return ok({ movement: t.inventoryLoss, extra: none });
      return ok({
        movement: t.unrestrictedToBlocked,
        extra: (at) => ok({ IssuingOrReceivingPlant: at.plant, IssuingOrReceivingStorageLoc: at.storageLocation }),
      });
    }
    case 'TransferConfirmation':
      return transferPlan(doc, config);
    case 'ReturnOutcome': {
      const outcome = doc.details.outcome;
      const movement = outcome === 'restock' ? t.returnToUnrestricted : outcome === 'refurbish' ? t.returnToQualityInspection : t.returnToBlocked;
      return ok({ movement, extra: none });
    }
    case 'ScrapOrDisposal': {
      const from = doc.details.fromStock;
      const movement = from === 'blocked' ? t.scrapFromBlocked : from === 'quality_inspection' ? t.scrapFromQualityInspection : t.scrapFromUnrestricted;
      return ok({ movement, extra: none });
    }
    case 'VendorReturn': {
      const po = doc.details.purchaseOrder;
      if (po === null) return err('a return to vendor (122) refers to the purchase order of the receipt; the cause names none');
      return ok({ movement: t.returnToVendor, extra: () => ok({ PurchaseOrder: po, GoodsMovementRefDocType: 'B' }) });
    }
    // Replenishment requests create a PO or a stock transport order, not a material document: this
    // connector cannot post them, so they become dead letters naming the fix (docs/replenishment.md).
    case 'PurchaseOrderRequest':
    case 'TransferRequest':
      return err(`${doc.type} is not a material document: send replenishment requests through the webhook connector (or a purchasing integration)`);
    default:
      return assertNever(doc, 'ERP document');
  }
}

/**
 * The lines sit at the destination; SAP posts from the issuing plant and storage location (the
 * item's own) to the receiving ones: 311 inside one plant, 301 (one step) between plants.
 */
function transferPlan(doc: Extract<ErpDocument, { type: 'TransferConfirmation' }>, config: SapS4Config): Result<Plan, string> {
  const fromNode = doc.details.fromNode;
  if (fromNode === null) return err(`transfer ${doc.details.transferId} has no known origin node`);
  const origin = config.nodes[fromNode];
  if (origin === undefined) return err(`node ${fromNode} has no plant and storage location in the ERP mapping`);
  return ok({
    movement: SAP_MOVEMENT_TYPES.transferWithinPlant,
    extra: (to) =>
      ok({
        Plant: origin.plant,
        StorageLocation: origin.storageLocation,
        IssuingOrReceivingPlant: to.plant,
        IssuingOrReceivingStorageLoc: to.storageLocation,
        GoodsMovementType: (origin.plant === to.plant ? SAP_MOVEMENT_TYPES.transferWithinPlant : SAP_MOVEMENT_TYPES.transferBetweenPlants).type,
      }),
  });
}

function reasonCode(doc: ErpDocument, config: SapS4Config): Partial<SapMaterialDocumentItem> {
  const key = doc.type === 'InventoryAdjustment' ? doc.details.reason : doc.type === 'ScrapOrDisposal' ? 'scrap' : null;
  const code = key === null ? undefined : config.reasonCodes[key];
  return code === undefined ? {} : { GoodsMovementReasonCode: code };
}
