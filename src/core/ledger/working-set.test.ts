// Unit tests of LedgerWorkingSet: it answers from prefetched facts plus every change decided
// earlier in the same batch, so events later in a batch see the earlier ones.
import { describe, expect, it } from 'vitest';
import type { NodeId, Sku } from '../ids.ts';
import { account, at } from './buckets.ts';
import { emptyChange } from './ledger-change.ts';
import { movement } from './movement.ts';
import { ZERO_QUANTITIES } from './position.ts';
import { positionKey } from './replay.ts';
import { inboundDocumentKey, LedgerWorkingSet, movedAfterKey, transferLineKey } from './working-set.ts';

const A = 'A' as Sku;
const S1 = 'S1' as NodeId;
const S2 = 'S2' as NodeId;

function workingSet() {
  return new LedgerWorkingSet({
    positions: new Map([[positionKey(A, S1), { ...ZERO_QUANTITIES, available: 5, reserved: 1, lastCountedAtMs: 100 }]]),
    inboundDocuments: new Map([[inboundDocumentKey('R1', A, S1), { reference: 'R1', sku: A, node: S1, announcedQty: 4, receivedQty: 0, expectedAtMs: null }]]),
    transferLines: new Map(),
    sellableMovedAfter: new Map([
      [movedAfterKey(A, S1, 200), -2],
      [movedAfterKey(A, S2, 200), 0],
    ]),
  });
}

describe('LedgerWorkingSet', () => {
  it('answers from the prefetched facts, and zero for positions never stored', () => {
    const ws = workingSet();
    expect(ws.quantities(A, S1)).toMatchObject({ available: 5, reserved: 1 });
    expect(ws.lastCountedAtMs(A, S1)).toBe(100);
    expect(ws.quantities(A, S2)).toMatchObject(ZERO_QUANTITIES);
    expect(ws.lastCountedAtMs(A, S2)).toBeNull();
    expect(ws.inboundDocument('R1', A, S1)?.announcedQty).toBe(4);
    expect(ws.sellableMovedAfter(A, S1, 200)).toBe(-2);
  });

  it('sees the movements, documents, transfers and counts applied earlier in the batch', () => {
    const ws = workingSet();
    ws.apply({
      ...emptyChange(),
      movements: [
        movement(A, at(S1, 'available'), at(S2, 'inbound'), 3, 'transfer_out', 300),
        movement(A, account('supplier'), at(S2, 'available'), 2, 'receipt', 150),
      ],
      inboundDocuments: [{ reference: 'R1', sku: A, node: S1, announcedQty: 4, receivedQty: 4, expectedAtMs: null }],
      transferLines: [{ transferId: 'T1', sku: A, fromNode: S1, toNode: S2, shippedQty: 3, receivedQty: 0, shippedAtMs: 300, expectedAtMs: null }],
      count: { sku: A, node: S2, countedAtMs: 250, countedQty: 0, expectedQty: 0, variance: 0, superseded: false },
    });
    expect(ws.quantities(A, S1)).toMatchObject({ available: 2 });
    expect(ws.quantities(A, S2)).toMatchObject({ inbound: 3, available: 2 });
    expect(ws.inboundDocument('R1', A, S1)?.receivedQty).toBe(4);
    expect(ws.transferLine('T1', A)?.shippedQty).toBe(3);
    expect(ws.lastCountedAtMs(A, S2)).toBe(250);
    // Stored −2 after 200, plus the batch's transfer out at 300; the receipt at 150 is before.
    expect(ws.sellableMovedAfter(A, S1, 200)).toBe(-5);
    expect(ws.sellableMovedAfter(A, S2, 200)).toBe(0);
  });

  it('ignores a superseded count for the last count time', () => {
    const ws = workingSet();
    ws.apply({ ...emptyChange(), count: { sku: A, node: S1, countedAtMs: 50, countedQty: 0, expectedQty: 0, variance: 0, superseded: true } });
    expect(ws.lastCountedAtMs(A, S1)).toBe(100);
  });

  it('asserts when asked for a sellable change the shell did not prefetch', () => {
    expect(() => workingSet().sellableMovedAfter(A, S1, 999)).toThrow(/not prefetched/);
  });

  it('keys transfer lines by transfer and sku', () => {
    expect(transferLineKey('T1', 'A')).not.toBe(transferLineKey('T1', 'B'));
  });
});
