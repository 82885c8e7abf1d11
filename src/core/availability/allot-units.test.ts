// Goal: the largest-remainder split sums exactly, respects each weight and breaks ties by id.
// Method: worked examples plus a fast-check property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allotUnits } from './allot-units.ts';

describe('allotUnits', () => {
  it('splits proportionally with ties to the smaller id', () => {
    expect([
      ...allotUnits(5, [
        ['B', 4],
        ['A', 4],
      ]),
    ]).toEqual([
      ['B', 2],
      ['A', 3],
    ]);
    expect([
      ...allotUnits(3, [
        ['A', 1],
        ['B', 9],
      ]),
    ]).toEqual([
      ['A', 0],
      ['B', 3],
    ]);
    expect([...allotUnits(0, [['A', 0]])]).toEqual([['A', 0]]);
  });
  it('exactly fills the weights at the maximum, with huge numbers', () => {
    expect([
      ...allotUnits(2_000_000_000, [
        ['A', 1_000_000_000],
        ['B', 1_000_000_000],
      ]),
    ]).toEqual([
      ['A', 1e9],
      ['B', 1e9],
    ]);
  });
  it('throws on more units than weight (programmer error)', () => {
    expect(() => allotUnits(3, [['A', 2]])).toThrow(/cannot allot/);
  });
  it('always sums to the total and never exceeds a weight', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 1, noNaN: true }), (ws, f) => {
        const weights = ws.map((w, i) => [`N${i}`, w] as const);
        const total = Math.floor(ws.reduce((s, w) => s + w, 0) * f);
        const out = allotUnits(total, weights);
        expect([...out.values()].reduce((s, u) => s + u, 0)).toBe(total);
        for (const [n, w] of weights) expect(out.get(n)).toBeLessThanOrEqual(w);
      }),
    );
  });
});
