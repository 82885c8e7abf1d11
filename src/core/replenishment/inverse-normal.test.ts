// Goal: Φ⁻¹ matches printed normal tables to 4 decimals and the approximation is symmetric and
// monotone. Method: table values (central region and both tails), then a sweep over (0, 1).
import { describe, expect, it } from 'vitest';
import { inverseNormalCdf } from './inverse-normal.ts';

describe('inverseNormalCdf', () => {
  it.each([
    [0.5, 0],
    [0.8, 0.8416],
    [0.9, 1.2816],
    [0.95, 1.6449],
    [0.975, 1.96],
    [0.98, 2.0537],
    [0.99, 2.3263],
    [0.995, 2.5758],
    [0.999, 3.0902],
    [0.01, -2.3263],
    [0.05, -1.6449],
  ])('Φ⁻¹(%s) = %s', (p, z) => {
    expect(inverseNormalCdf(p)).toBeCloseTo(z, 4);
  });

  it('is antisymmetric and strictly increasing', () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (let i = 1; i < 1000; i++) {
      const p = i / 1000;
      const z = inverseNormalCdf(p);
      expect(z).toBeGreaterThan(previous);
      expect(z + inverseNormalCdf(1 - p)).toBeCloseTo(0, 8);
      previous = z;
    }
  });

  it('asserts a probability strictly inside (0, 1)', () => {
    expect(() => inverseNormalCdf(1)).toThrow(/probability/);
    expect(() => inverseNormalCdf(0)).toThrow(/probability/);
  });
});
