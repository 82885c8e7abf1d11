// Unit tests of decideEvent: the movements of every event type, adjustment sign rules, receipts
// against references, transfers and lane conflicts. Method: decide events in order over an
// in-memory working set (empty stored facts), applying each accepted change as the shell does.
import { describe, expect, it } from 'vitest';
import type { ValidEvent } from '../events/catalogue.ts';
import { validateEvent } from '../events/validate-event.ts';
import type { NodeId, Sku } from '../ids.ts';
import { decideEvent } from './decide-event.ts';
import type { LedgerChange } from './ledger-change.ts';
import type { Movement } from './movement.ts';
import { type LedgerFacts, LedgerWorkingSet } from './working-set.ts';

/** Prefetched "nothing stored yet": every sellable-moved-after query answers 0. */
class ZeroByDefault extends Map<string, number> {
  override get(key: string): number {
    return super.get(key) ?? 0;
  }
}
const emptyFacts = (): LedgerFacts => ({
  positions: new Map(),
  inboundDocuments: new Map(),
  transferLines: new Map(),
  sellableMovedAfter: new ZeroByDefault(),
});

let nextId = 0;
function event(type: string, data: Record<string, unknown>, time = '2026-11-01T10:00:00Z'): ValidEvent {
  const r = validateEvent({ specversion: '1.0', id: `e${nextId++}`, source: 'test', type, time, data });
  if (!r.ok) throw new Error(`test event is invalid: ${r.error.message}`);
  return r.value;
}

/** Decides and applies each event; returns every outcome (change or error) in order. */
function decideAll(events: ValidEvent[], ws = new LedgerWorkingSet(emptyFacts())) {
  const outcomes = events.map((e) => {
    const r = decideEvent(e, ws);
    if (r.ok) ws.apply(r.value);
    return r;
  });
  return { outcomes, ws };
}

const change = (r: ReturnType<typeof decideEvent> | undefined): LedgerChange => {
  if (!r?.ok) throw new Error(`expected a change, got ${JSON.stringify(r)}`);
  return r.value;
};
const brief = (m: Movement) => [side(m.from), side(m.to), m.qty, m.reason];
const side = (s: Movement['from']) => ('bucket' in s ? `${s.node}/${s.bucket}` : s.account);
const movesOf = (r: ReturnType<typeof decideEvent> | undefined) => change(r).movements.map(brief);
const q = (ws: LedgerWorkingSet, sku: string, node: string) => ws.quantities(sku as Sku, node as NodeId);

describe('decideEvent', () => {
  it('moves each simple event type between the documented sides', () => {
    const { outcomes } = decideAll([
      event('pos.sale', { sku: 'A', node: 'S1', qty: 2 }),
      event('pos.return', { sku: 'A', node: 'S1', qty: 1 }),
      event('wms.receipt', { sku: 'A', node: 'S1', qty: 5 }),
      event('wms.receipt', { sku: 'A', node: 'S1', qty: 3, into: 'quarantine' }),
      event('supplier.asn', { sku: 'A', node: 'DC', qty: 4, reference: 'ASN-1' }),
      event('erp.po.created', { sku: 'A', node: 'DC', qty: 6, reference: 'PO-1' }),
    ]);
    expect(outcomes.map(movesOf)).toEqual([
      [['S1/available', 'customer', 2, 'sale']],
      [['customer', 'S1/quarantine', 1, 'customer_return']],
      [['supplier', 'S1/available', 5, 'receipt']],
      [['supplier', 'S1/quarantine', 3, 'receipt_qc']],
      [['supplier', 'DC/inbound', 4, 'expected_receipt']],
      [['supplier', 'DC/inbound', 6, 'expected_receipt']],
    ]);
  });

  it('moves adjustments by reason and sign', () => {
    const { outcomes } = decideAll([
      event('wms.adjustment', { sku: 'A', node: 'S1', delta: -2, reason: 'damage' }),
      event('wms.adjustment', { sku: 'A', node: 'S1', delta: -3, reason: 'shrink' }),
      event('wms.adjustment', { sku: 'A', node: 'S1', delta: -1, reason: 'other' }),
      event('wms.adjustment', { sku: 'A', node: 'S1', delta: 4, reason: 'found' }),
      event('wms.adjustment', { sku: 'A', node: 'S1', delta: 5, reason: 'other' }),
    ]);
    expect(outcomes.map(movesOf)).toEqual([
      [['S1/available', 'S1/damaged', 2, 'damage']],
      [['S1/available', 'shrink', 3, 'shrink']],
      [['S1/available', 'shrink', 1, 'adjustment']],
      [['shrink', 'S1/available', 4, 'found']],
      [['shrink', 'S1/available', 5, 'adjustment']],
    ]);
  });

  it('records a sale that drives available negative: the fact is kept, the conflict is for a case', () => {
    const { ws } = decideAll([event('pos.sale', { sku: 'A', node: 'S1', qty: 3 })]);
    expect(q(ws, 'A', 'S1').available).toBe(-3);
  });

  it('moves only the increase when a PO follows an ASN with the same reference, and nothing for a smaller one', () => {
    const { outcomes, ws } = decideAll([
      event('supplier.asn', { sku: 'A', node: 'DC', qty: 5, reference: 'R1' }),
      event('erp.po.created', { sku: 'A', node: 'DC', qty: 8, reference: 'R1' }),
      event('erp.po.created', { sku: 'A', node: 'DC', qty: 2, reference: 'R1' }),
      event('erp.po.created', { sku: 'A', node: 'S1', qty: 2, reference: 'R1' }),
    ]);
    expect(outcomes.map(movesOf)).toEqual([
      [['supplier', 'DC/inbound', 5, 'expected_receipt']],
      [['supplier', 'DC/inbound', 3, 'expected_receipt']],
      [],
      [['supplier', 'S1/inbound', 2, 'expected_receipt']],
    ]);
    expect(ws.inboundDocument('R1', 'A' as Sku, 'DC' as NodeId)).toMatchObject({ announcedQty: 8, receivedQty: 0 });
  });

  it('receives against a reference from inbound, partially, then over-receives the rest from the supplier', () => {
    const { outcomes, ws } = decideAll([
      event('supplier.asn', { sku: 'A', node: 'DC', qty: 5, reference: 'R1' }),
      event('wms.receipt', { sku: 'A', node: 'DC', qty: 3, reference: 'R1' }),
      event('wms.receipt', { sku: 'A', node: 'DC', qty: 4, reference: 'R1', into: 'quarantine' }),
      event('wms.receipt', { sku: 'A', node: 'DC', qty: 1, reference: 'R1' }),
      event('wms.receipt', { sku: 'A', node: 'DC', qty: 2, reference: 'UNKNOWN' }),
    ]);
    expect(outcomes.slice(1).map(movesOf)).toEqual([
      [['DC/inbound', 'DC/available', 3, 'receipt']],
      [
        ['DC/inbound', 'DC/quarantine', 2, 'receipt_qc'],
        ['supplier', 'DC/quarantine', 2, 'receipt_qc'],
      ],
      [['supplier', 'DC/available', 1, 'receipt']],
      [['supplier', 'DC/available', 2, 'receipt']],
    ]);
    expect(ws.inboundDocument('R1', 'A' as Sku, 'DC' as NodeId)).toMatchObject({ announcedQty: 5, receivedQty: 5 });
    expect(q(ws, 'A', 'DC')).toMatchObject({ inbound: 0, available: 6, quarantine: 4 });
  });

  it('keeps a transfer on the books, adds up partial shipments and receives what is in transit', () => {
    const { outcomes, ws } = decideAll([
      event('transfer.shipped', { sku: 'A', node: 'DC', qty: 3, toNode: 'S1', transferId: 'T1' }),
      event('transfer.shipped', { sku: 'A', node: 'DC', qty: 2, toNode: 'S1', transferId: 'T1' }),
      event('transfer.received', { sku: 'A', node: 'S1', qty: 4, transferId: 'T1' }),
      event('transfer.received', { sku: 'A', node: 'S1', qty: 1, transferId: 'T1' }),
    ]);
    expect(outcomes.map(movesOf)).toEqual([
      [['DC/available', 'S1/inbound', 3, 'transfer_out']],
      [['DC/available', 'S1/inbound', 2, 'transfer_out']],
      [['S1/inbound', 'S1/available', 4, 'transfer_in']],
      [['S1/inbound', 'S1/available', 1, 'transfer_in']],
    ]);
    expect(ws.transferLine('T1', 'A' as Sku)).toMatchObject({ fromNode: 'DC', toNode: 'S1', shippedQty: 5, receivedQty: 5 });
    expect(q(ws, 'A', 'S1')).toMatchObject({ inbound: 0, available: 5 });
  });

  it('books units received beyond the shipment as found (from shrink)', () => {
    const { outcomes } = decideAll([
      event('transfer.shipped', { sku: 'A', node: 'DC', qty: 2, toNode: 'S1', transferId: 'T1' }),
      event('transfer.received', { sku: 'A', node: 'S1', qty: 5, transferId: 'T1' }),
    ]);
    expect(movesOf(outcomes[1])).toEqual([
      ['S1/inbound', 'S1/available', 2, 'transfer_in'],
      ['shrink', 'S1/available', 3, 'found'],
    ]);
  });

  it('rejects a transfer to its own node, another lane under the same id, and receipts it cannot match', () => {
    const { outcomes } = decideAll([
      event('transfer.shipped', { sku: 'A', node: 'DC', qty: 1, toNode: 'DC', transferId: 'T1' }),
      event('transfer.shipped', { sku: 'A', node: 'DC', qty: 1, toNode: 'S1', transferId: 'T1' }),
      event('transfer.shipped', { sku: 'A', node: 'DC', qty: 1, toNode: 'S2', transferId: 'T1' }),
      event('transfer.shipped', { sku: 'A', node: 'S2', qty: 1, toNode: 'S1', transferId: 'T1' }),
      event('transfer.shipped', { sku: 'B', node: 'DC', qty: 1, toNode: 'S2', transferId: 'T1' }),
      event('transfer.received', { sku: 'A', node: 'S2', qty: 1, transferId: 'T1' }),
      event('transfer.received', { sku: 'A', node: 'S1', qty: 1, transferId: 'T9' }),
      event('transfer.received', { sku: 'C', node: 'S1', qty: 1, transferId: 'T1' }),
    ]);
    expect(outcomes.map((r) => (r.ok ? 'ok' : `${r.error.code} ${r.error.field}`))).toEqual([
      'invalid_event data.toNode',
      'ok',
      'transfer_conflict data.transferId',
      'transfer_conflict data.transferId',
      'ok', // lines are per (transferId, sku): another SKU may take another lane
      'invalid_event data.node',
      'unknown_transfer data.transferId',
      'unknown_transfer data.transferId',
    ]);
  });
});
