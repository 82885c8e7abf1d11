// Goal: forecasts behave for any demand history: constant demand forecasts that constant with
// (near) zero error, and every forecast and error is finite and non-negative. Method: fast-check
// over series lengths that exercise all three methods and over smoothing constants in (0, 1].
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitForecast, forecastAt } from './forecast-demand.ts';

const smoothing = fc.double({ min: 0.01, max: 1, noNaN: true });
const params = fc.record({ alpha: smoothing, beta: smoothing, gamma: smoothing });

describe('fitForecast (properties)', () => {
  it('forecasts a constant series as that constant with ~0 error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 2, max: 120 }), params, (c, n, p) => {
        const f = fitForecast(new Array(n).fill(c), p);
        expect(f.errorStdDev).toBeLessThan(1e-9 * Math.max(1, c));
        for (let h = 1; h <= 21; h++) expect(Math.abs(forecastAt(f, h) - c)).toBeLessThan(1e-9 * Math.max(1, c));
      }),
    );
  });

  it('gives finite, non-negative forecasts and errors for any non-negative history', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 120 }), params, (history, p) => {
        const f = fitForecast(history, p);
        expect(Number.isFinite(f.errorStdDev) && f.errorStdDev >= 0).toBe(true);
        for (let h = 1; h <= 28; h++) {
          const v = forecastAt(f, h);
          expect(Number.isFinite(v) && v >= 0).toBe(true);
        }
      }),
    );
  });
});
