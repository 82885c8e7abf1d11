// Goal: safety stock, reorder point, order-up-to level and order quantities match hand-worked
// textbook examples. Method: each expectation is derived step by step in the comment above it.
import { describe, expect, it } from 'vitest';
import { ZERO_QUANTITIES } from '../ledger/position.ts';
import { inventoryPosition } from './inventory-position.ts';
import { purchaseQuantity } from './order-quantity.ts';
import { reorderLevels } from './reorder-levels.ts';

describe('reorderLevels', () => {
  it('demand and lead-time variability: d = 20, σd = 5, L = 4, σL = 1, R = 7, 95 %', () => {
    // √(L·σd² + d²·σL²) = √(4·25 + 400·1) = √500 = 22.3607; z(0.95) = 1.644854
    // SS = 1.644854 × 22.3607 = 36.780; ROP = 20·4 + 36.780 = 116.780; OUT = 20·(4 + 7) + 36.780 = 256.780
    const l = reorderLevels({ demandPerDay: 20, demandStdDevPerDay: 5, leadTimeDays: 4, leadTimeStdDevDays: 1, reviewPeriodDays: 7, serviceLevel: 0.95 });
    expect(l.z).toBeCloseTo(1.6449, 4);
    expect(l.safetyStock).toBeCloseTo(36.78, 2);
    expect(l.safetyStockUnits).toBe(37);
    expect(l.reorderPoint).toBeCloseTo(116.78, 2);
    expect(l.orderUpTo).toBeCloseTo(256.78, 2);
  });

  it('fixed lead time: d = 100, σd = 20, L = 9, σL = 0, R = 0, 99 %', () => {
    // SS = 2.326348 × √(9·400) = 2.326348 × 60 = 139.581; ROP = 900 + 139.581 = OUT (no review period)
    const l = reorderLevels({ demandPerDay: 100, demandStdDevPerDay: 20, leadTimeDays: 9, leadTimeStdDevDays: 0, reviewPeriodDays: 0, serviceLevel: 0.99 });
    expect(l.safetyStock).toBeCloseTo(139.581, 3);
    expect(l.reorderPoint).toBeCloseTo(1039.581, 3);
    expect(l.orderUpTo).toBeCloseTo(l.reorderPoint, 9);
  });

  it('fixed demand, variable lead time: d = 50, σd = 0, L = 5, σL = 2, 95 %', () => {
    // SS = 1.644854 × √(50²·2²) = 1.644854 × 100 = 164.485
    const l = reorderLevels({ demandPerDay: 50, demandStdDevPerDay: 0, leadTimeDays: 5, leadTimeStdDevDays: 2, reviewPeriodDays: 7, serviceLevel: 0.95 });
    expect(l.safetyStock).toBeCloseTo(164.485, 3);
    expect(l.orderUpTo).toBeCloseTo(600 + 164.485, 3);
  });

  it('a 50 % service level holds no safety stock', () => {
    const l = reorderLevels({ demandPerDay: 10, demandStdDevPerDay: 4, leadTimeDays: 3, leadTimeStdDevDays: 1, reviewPeriodDays: 1, serviceLevel: 0.5 });
    expect(l.safetyStock).toBeCloseTo(0, 9);
    expect(l.safetyStockUnits).toBe(0);
    expect(l.reorderPoint).toBeCloseTo(30, 9);
  });

  it('asserts finite, non-negative inputs', () => {
    expect(() =>
      reorderLevels({ demandPerDay: -1, demandStdDevPerDay: 0, leadTimeDays: 1, leadTimeStdDevDays: 0, reviewPeriodDays: 1, serviceLevel: 0.9 }),
    ).toThrow(/d must/);
    expect(() =>
      reorderLevels({ demandPerDay: 1, demandStdDevPerDay: 0, leadTimeDays: 1, leadTimeStdDevDays: 0, reviewPeriodDays: 1, serviceLevel: 1 }),
    ).toThrow(/service level/);
  });
});

describe('inventoryPosition', () => {
  it('is available + reserved + allocated + inbound − backorders; quarantine and damaged do not count', () => {
    const q = { ...ZERO_QUANTITIES, available: 60, reserved: 10, allocated: 5, inbound: 30, quarantine: 7, damaged: 3 };
    expect(inventoryPosition(q, 5)).toBe(100);
    expect(inventoryPosition({ ...ZERO_QUANTITIES, available: -4, inbound: 2 }, 0)).toBe(-2);
  });
});

describe('purchaseQuantity', () => {
  const terms = { moqUnits: 50, casePackUnits: 12, maxStockUnits: null };
  it('rounds the need up to whole cases: 140.78 → 141 → 12 cases = 144', () => {
    expect(purchaseQuantity(140.78, 116, terms)).toEqual({ units: 144, limitedBy: 'none' });
  });
  it('raises a small need to the MOQ, then to whole cases: 43 → 50 → 5 cases = 60', () => {
    expect(purchaseQuantity(43, 0, terms)).toEqual({ units: 60, limitedBy: 'none' });
  });
  it('caps by max stock in whole cases: position 100, max 220 → room 120 = 10 cases', () => {
    expect(purchaseQuantity(140.78, 100, { ...terms, maxStockUnits: 220 })).toEqual({ units: 120, limitedBy: 'max_stock' });
  });
  it('orders nothing when what fits is under the MOQ: room 30 → 24 < 50', () => {
    expect(purchaseQuantity(140.78, 100, { ...terms, maxStockUnits: 130 })).toEqual({ units: 0, limitedBy: 'max_stock' });
  });
  it('orders nothing without a need', () => {
    expect(purchaseQuantity(0, 10, terms).units).toBe(0);
    expect(purchaseQuantity(-3, 10, terms).units).toBe(0);
  });
  it('does not round an exact multiple up a case (float noise)', () => {
    expect(purchaseQuantity(36.00000000001, 0, { moqUnits: 1, casePackUnits: 12, maxStockUnits: null }).units).toBe(36);
  });
});
