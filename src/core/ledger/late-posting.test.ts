// Unit tests of the late-posting rule (ARCHITECTURE §1): an event that happened at or before the
// last count at a node it touches is recorded, but the sellable shelf there does not move twice.
// Method: decide each kind of late event over a working set that already holds a count.
import { describe, expect, it } from 'vitest';
import type { ValidEvent } from '../events/catalogue.ts';
import { validateEvent } from '../events/validate-event.ts';
import type { NodeId, Sku } from '../ids.ts';
import { decideEvent } from './decide-event.ts';
import { sellableDelta } from './late-posting.ts';
import { type LedgerFacts, LedgerWorkingSet } from './working-set.ts';

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
function event(type: string, data: Record<string, unknown>, time: string): ValidEvent {
  const r = validateEvent({ specversion: '1.0', id: `e${nextId++}`, source: 'test', type, time, data });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
function apply(ws: LedgerWorkingSet, e: ValidEvent) {
  const r = decideEvent(e, ws);
  if (!r.ok) throw new Error(r.error.message);
  ws.apply(r.value);
  return r.value;
}

const COUNT_AT = '2026-11-01T12:00:00Z';
const BEFORE = '2026-11-01T11:00:00Z';
const AFTER = '2026-11-01T13:00:00Z';
const sellable = (ws: LedgerWorkingSet, node: string) => {
  const q = ws.quantities('A' as Sku, node as NodeId);
  return q.available + q.reserved + q.allocated;
};

/** S1 and S2 start with 10 units each, and S1 is counted at noon (finding the 10). */
function countedStore(): LedgerWorkingSet {
  const ws = new LedgerWorkingSet(emptyFacts());
  apply(ws, event('wms.receipt', { sku: 'A', node: 'S1', qty: 10 }, '2026-11-01T08:00:00Z'));
  apply(ws, event('wms.receipt', { sku: 'A', node: 'S2', qty: 10 }, '2026-11-01T08:00:00Z'));
  apply(ws, event('wms.cycle_count', { sku: 'A', node: 'S1', countedQty: 10 }, COUNT_AT));
  return ws;
}

describe('late posting', () => {
  const late: [string, string, Record<string, unknown>][] = [
    ['sale', 'pos.sale', { sku: 'A', node: 'S1', qty: 2 }],
    ['receipt', 'wms.receipt', { sku: 'A', node: 'S1', qty: 3 }],
    ['negative adjustment', 'wms.adjustment', { sku: 'A', node: 'S1', delta: -2, reason: 'damage' }],
    ['positive adjustment', 'wms.adjustment', { sku: 'A', node: 'S1', delta: 2, reason: 'found' }],
    ['transfer out of the counted node', 'transfer.shipped', { sku: 'A', node: 'S1', qty: 4, toNode: 'S2', transferId: 'T1' }],
  ];
  for (const [name, type, data] of late) {
    it(`leaves sellable unchanged for a late ${name}, records it, and marks the change late`, () => {
      for (const time of [BEFORE, COUNT_AT]) {
        const ws = countedStore();
        const change = apply(ws, event(type, data, time));
        expect(sellable(ws, 'S1')).toBe(10);
        expect(change.late).toBe(true);
        expect(change.movements.at(-1)?.reason).toBe('late_posting_correction');
        expect(sellableDelta(change.movements, 'S1' as NodeId)).toBe(0);
      }
    });
    it(`moves sellable for the same ${name} after the count`, () => {
      const ws = countedStore();
      const change = apply(ws, event(type, data, AFTER));
      expect(change.late).toBe(false);
      expect(sellable(ws, 'S1')).not.toBe(10);
    });
  }

  it('corrects a late transfer receipt at its counted destination only', () => {
    const ws = countedStore();
    apply(ws, event('transfer.shipped', { sku: 'A', node: 'S2', qty: 4, toNode: 'S1', transferId: 'T1' }, '2026-11-01T09:00:00Z'));
    const change = apply(ws, event('transfer.received', { sku: 'A', node: 'S1', qty: 4, transferId: 'T1' }, BEFORE));
    expect(change.late).toBe(true);
    expect(ws.quantities('A' as Sku, 'S1' as NodeId)).toMatchObject({ available: 10, inbound: 0 });
    expect(sellable(ws, 'S2')).toBe(6);
  });

  it('does not correct what the count never sees: a late return to quarantine moves as usual', () => {
    const ws = countedStore();
    const change = apply(ws, event('pos.return', { sku: 'A', node: 'S1', qty: 1 }, BEFORE));
    expect(change.late).toBe(false);
    expect(ws.quantities('A' as Sku, 'S1' as NodeId)).toMatchObject({ available: 10, quarantine: 1 });
  });

  it('does not correct an event before the count at another node', () => {
    const ws = countedStore();
    apply(ws, event('pos.sale', { sku: 'A', node: 'S2', qty: 1 }, BEFORE));
    expect(sellable(ws, 'S2')).toBe(9);
  });
});
