// Goal: safety stock resolves to the most specific entry. Method: one policy, each level probed.
import { describe, expect, it } from 'vitest';
import { safetyStockUnits } from './safety-stock.ts';

const policy = { default: 1, byNodeType: { store: 2 }, byCategory: { shoes: 3 }, bySku: { A: 5, Z: 0 } };

describe('safetyStockUnits', () => {
  it('prefers sku over category over node type over default', () => {
    expect(safetyStockUnits(policy, 'A', 'shoes', 'store')).toBe(5);
    expect(safetyStockUnits(policy, 'B', 'shoes', 'store')).toBe(3);
    expect(safetyStockUnits(policy, 'B', 'hats', 'store')).toBe(2);
    expect(safetyStockUnits(policy, 'B', 'hats', 'dc')).toBe(1);
  });
  it('honours an explicit zero for a sku', () => {
    expect(safetyStockUnits(policy, 'Z', 'shoes', 'store')).toBe(0);
  });
  it('is zero without a policy', () => {
    expect(safetyStockUnits(null, 'A', 'shoes', 'store')).toBe(0);
  });
  it('does not read inherited keys', () => {
    expect(safetyStockUnits(policy, 'constructor', 'toString', 'dc')).toBe(1);
  });
});
