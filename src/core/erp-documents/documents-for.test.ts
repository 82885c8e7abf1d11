// documentsFor and returnOutcomeDocuments: which movements become which ERP document, with stable
// keys, summed lines and values; checked on hand-built movements of the ledger's real shapes.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { account, at } from '../ledger/buckets.ts';
import { movement } from '../ledger/movement.ts';
import { documentsFor, splitReference } from './documents-for.ts';
import { returnOutcomeDocuments } from './return-outcome-documents.ts';

const sku = asSku('SKU-1');
const s1 = asNodeId('S1');
const s2 = asNodeId('S2');
const t = Date.parse('2027-01-15T10:00:00Z');
const costs = new Map([['SKU-1', 2.5]]);
const cause = (id: string, type: string) => ({ source: 'wms:1', id, type });

describe('documentsFor', () => {
  it('makes one GoodsReceipt per receipt event, summing the inbound and supplier parts, against the PO item', () => {
    const docs = documentsFor(
      [
        {
          cause: cause('r-1', 'wms.receipt'),
          data: { reference: 'PO-9:10' },
          movements: [
            movement(sku, at(s1, 'inbound'), at(s1, 'available'), 4, 'receipt', t),
            movement(sku, account('supplier'), at(s1, 'available'), 2, 'receipt', t),
          ],
          transferLines: [],
        },
      ],
      costs,
    );
    expect(docs).toEqual([
      {
        type: 'GoodsReceipt',
        idempotencyKey: 'goods-receipt:wms%3A1:r-1:SKU-1',
        occurredAtMs: t,
        cause: cause('r-1', 'wms.receipt'),
        details: { purchaseOrder: 'PO-9', purchaseOrderItem: '10', stockType: 'unrestricted' },
        lines: [{ sku: 'SKU-1', node: 'S1', qty: 6, unitCost: 2.5, value: 15 }],
      },
    ]);
  });

  it('receives into quality inspection, and without a PO when the event names none', () => {
    const [doc] = documentsFor(
      [
        {
          cause: cause('r-2', 'wms.receipt'),
          data: {},
          movements: [movement(sku, account('supplier'), at(s1, 'quarantine'), 1, 'receipt_qc', t)],
          transferLines: [],
        },
      ],
      costs,
    );
    expect(doc?.details).toEqual({ purchaseOrder: null, purchaseOrderItem: null, stockType: 'quality_inspection' });
  });

  it('values adjustments by reason and effect: count loss, found gain, damage to blocked, short pick, late correction', () => {
    const docs = documentsFor(
      [
        {
          cause: cause('c-1', 'wms.cycle_count'),
          data: null,
          movements: [movement(sku, at(s1, 'available'), account('shrink'), 3, 'cycle_count', t)],
          transferLines: [],
        },
        {
          cause: cause('f-1', 'wms.adjustment'),
          data: null,
          movements: [movement(sku, account('shrink'), at(s1, 'available'), 1, 'found', t)],
          transferLines: [],
        },
        {
          cause: cause('d-1', 'wms.adjustment'),
          data: null,
          movements: [
            movement(sku, at(s1, 'available'), at(s1, 'damaged'), 2, 'damage', t),
            movement(sku, account('shrink'), at(s1, 'available'), 2, 'late_posting_correction', t),
          ],
          transferLines: [],
        },
        {
          cause: cause('sp-1', 'fulfillment.short_picked'),
          data: null,
          movements: [movement(sku, at(s2, 'allocated'), account('shrink'), 1, 'short_pick', t)],
          transferLines: [],
        },
      ],
      costs,
    );
    expect(docs.map((d) => [d.idempotencyKey, d.details, d.lines[0]?.value])).toEqual([
      ['inventory-adjustment:wms%3A1:c-1:SKU-1:cycle_count:loss', { reason: 'cycle_count', effect: 'loss' }, 7.5],
      ['inventory-adjustment:wms%3A1:f-1:SKU-1:found:gain', { reason: 'found', effect: 'gain' }, 2.5],
      ['inventory-adjustment:wms%3A1:d-1:SKU-1:damage:to_blocked', { reason: 'damage', effect: 'to_blocked' }, 5],
      ['inventory-adjustment:wms%3A1:d-1:SKU-1:late_posting_correction:gain', { reason: 'late_posting_correction', effect: 'gain' }, 5],
      ['inventory-adjustment:wms%3A1:sp-1:SKU-1:short_pick:loss', { reason: 'short_pick', effect: 'loss' }, 2.5],
    ]);
  });

  it('confirms a transfer at its destination with the origin from the transfer line', () => {
    const [doc] = documentsFor(
      [
        {
          cause: cause('tr-1', 'transfer.received'),
          data: { transferId: 'T-1' },
          movements: [movement(sku, at(s2, 'inbound'), at(s2, 'available'), 5, 'transfer_in', t)],
          transferLines: [{ transferId: 'T-1', sku, fromNode: s1, toNode: s2 }],
        },
      ],
      costs,
    );
    expect(doc).toMatchObject({ type: 'TransferConfirmation', details: { transferId: 'T-1', fromNode: 'S1', toNode: 'S2' }, lines: [{ node: 'S2', qty: 5 }] });
  });

  it('scraps and returns to vendor from the stock type the units left; makes nothing for sales, shipments, holds or transfer_out', () => {
    const docs = documentsFor(
      [
        {
          cause: cause('x-1', 'return.disposed'),
          data: { reference: 'PO-3', claimReference: 'CLM-1' },
          movements: [
            movement(sku, at(s1, 'damaged'), account('disposed'), 1, 'adjustment', t),
            movement(sku, at(s1, 'damaged'), account('vendor_return'), 2, 'adjustment', t),
            movement(sku, at(s1, 'available'), account('customer'), 1, 'sale', t),
            movement(sku, at(s1, 'allocated'), account('customer'), 1, 'shipment', t),
            movement(sku, at(s1, 'available'), at(s1, 'reserved'), 1, 'reservation', t),
            movement(sku, at(s1, 'available'), at(s2, 'inbound'), 1, 'transfer_out', t),
            movement(sku, account('customer'), at(s1, 'quarantine'), 1, 'customer_return', t),
          ],
          transferLines: [],
        },
      ],
      costs,
    );
    expect(docs.map((d) => [d.type, d.details])).toEqual([
      ['ScrapOrDisposal', { fromStock: 'blocked' }],
      ['VendorReturn', { fromStock: 'blocked', purchaseOrder: 'PO-3', claimReference: 'CLM-1' }],
    ]);
  });

  it('gives the same keys for the same fact (replay) and different keys when a colon moves between source and id', () => {
    const group = (source: string, id: string) => ({
      cause: { source, id, type: 'wms.cycle_count' },
      data: null,
      movements: [movement(sku, at(s1, 'available'), account('shrink'), 1, 'cycle_count', t)],
      transferLines: [],
    });
    const key = (source: string, id: string) => documentsFor([group(source, id)], costs)[0]?.idempotencyKey;
    expect(key('a', 'b')).toBe(key('a', 'b'));
    expect(key('a:b', 'c')).not.toBe(key('a', 'b:c'));
  });

  it('values an unknown SKU at zero rather than failing the ledger transaction', () => {
    const [doc] = documentsFor(
      [
        {
          cause: cause('c-2', 'wms.cycle_count'),
          data: null,
          movements: [movement(asSku('NEW'), at(s1, 'available'), account('shrink'), 2, 'cycle_count', t)],
          transferLines: [],
        },
      ],
      costs,
    );
    expect(doc?.lines).toEqual([{ sku: 'NEW', node: 'S1', qty: 2, unitCost: 0, value: 0 }]);
  });
});

describe('splitReference', () => {
  it('reads <po>:<item> and leaves anything else whole', () => {
    expect(splitReference('4500000562:10')).toEqual({ purchaseOrder: '4500000562', purchaseOrderItem: '10' });
    expect(splitReference('ASN-7')).toEqual({ purchaseOrder: 'ASN-7', purchaseOrderItem: null });
    expect(splitReference('PO:x')).toEqual({ purchaseOrder: 'PO:x', purchaseOrderItem: null });
  });
});

describe('returnOutcomeDocuments', () => {
  it('makes one document per SKU and outcome with a key from the cause', () => {
    const docs = returnOutcomeDocuments(
      {
        cause: { source: 'omnistock/returns', id: 'inspect:R-1', type: 'return.inspected' },
        returnId: 'R-1',
        occurredAtMs: t,
        lines: [
          { sku: 'SKU-1', node: 'S1', qty: 1, outcome: 'restock' },
          { sku: 'SKU-1', node: 'S1', qty: 2, outcome: 'restock' },
          { sku: 'SKU-1', node: 'S1', qty: 1, outcome: 'damaged' },
        ],
      },
      costs,
    );
    expect(docs.map((d) => [d.idempotencyKey, d.details.outcome, d.lines[0]?.qty, d.lines[0]?.value])).toEqual([
      ['return-outcome:omnistock%2Freturns:inspect%3AR-1:SKU-1:restock', 'restock', 3, 7.5],
      ['return-outcome:omnistock%2Freturns:inspect%3AR-1:SKU-1:damaged', 'damaged', 1, 2.5],
    ]);
  });
});
