// Unit tests of replayMovements and conservationBySku, the reference fold that stores' projections
// are checked against: a movement subtracts from its from-side and adds to its to-side.
import { describe, expect, it } from 'vitest';
import type { NodeId, Sku } from '../ids.ts';
import { account, at } from './buckets.ts';
import { movement } from './movement.ts';
import { ZERO_QUANTITIES } from './position.ts';
import { conservationBySku, positionKey, replayMovements } from './replay.ts';

const A = 'A' as Sku;
const B = 'B' as Sku;
const S1 = 'S1' as NodeId;
const S2 = 'S2' as NodeId;

describe('replayMovements', () => {
  it('folds movements into positions and account balances', () => {
    const r = replayMovements([
      movement(A, account('supplier'), at(S1, 'available'), 10, 'receipt', 1),
      movement(A, at(S1, 'available'), account('customer'), 3, 'sale', 2),
      movement(A, at(S1, 'available'), at(S2, 'inbound'), 4, 'transfer_out', 3),
      movement(B, account('customer'), at(S2, 'quarantine'), 1, 'customer_return', 4),
    ]);
    expect(r.positions.get(positionKey(A, S1))).toEqual({ ...ZERO_QUANTITIES, available: 3 });
    expect(r.positions.get(positionKey(A, S2))).toEqual({ ...ZERO_QUANTITIES, inbound: 4 });
    expect(r.positions.get(positionKey(B, S2))).toEqual({ ...ZERO_QUANTITIES, quarantine: 1 });
    expect(r.accounts.get(positionKey(A, 'supplier'))).toBe(-10);
    expect(r.accounts.get(positionKey(A, 'customer'))).toBe(3);
    expect(r.accounts.get(positionKey(B, 'customer'))).toBe(-1);
    expect(conservationBySku(r)).toEqual(
      new Map([
        [A, 0],
        [B, 0],
      ]),
    );
  });

  it('is empty for no movements', () => {
    const r = replayMovements([]);
    expect(r.positions.size + r.accounts.size).toBe(0);
    expect(conservationBySku(r).size).toBe(0);
  });

  it('reports a non-zero sum when a position was edited outside the ledger', () => {
    const r = replayMovements([movement(A, account('supplier'), at(S1, 'available'), 5, 'receipt', 1)]);
    const q = r.positions.get(positionKey(A, S1));
    if (q) (q as { available: number }).available += 1;
    expect(conservationBySku(r).get(A)).toBe(1);
  });
});
