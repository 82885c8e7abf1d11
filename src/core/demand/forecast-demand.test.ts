// Goal: each forecast method reproduces worked examples exactly, and the method follows the
// history length. Method: small series with α = β = γ = 0.5, every step derived in the comments
// (the Holt-Winters example was also checked in exact fractions: Python's Fraction).
import { describe, expect, it } from 'vitest';
import { fitForecast, forecastAt, meanDemandPerDay } from './forecast-demand.ts';

const half = { alpha: 0.5, beta: 0.5, gamma: 0.5 };

describe('fitForecast', () => {
  it('simple exponential smoothing with one or two days of history', () => {
    // ℓ₀ = 10; t=1: ŷ = 10, e = 2, ℓ = 11. Forecast 11 every day; error RMS over [2] = 2.
    const f = fitForecast([10, 12], half);
    expect(f).toMatchObject({ method: 'simple', level: 11, trend: 0, errorStdDev: 2, errorCount: 1 });
    expect(forecastAt(f, 5)).toBe(11);
    // One day: no one-step error yet, so σ is the Poisson guess √9 = 3.
    expect(fitForecast([9], half)).toMatchObject({ method: 'simple', level: 9, errorStdDev: 3, errorCount: 0 });
  });

  it("Holt's linear trend on [10, 12, 15, 17]", () => {
    // ℓ₀ = 10, b₀ = 2.
    // t=1: ŷ = 12, e = 0 (not counted), ℓ = .5·12 + .5·12 = 12, b = .5·2 + .5·2 = 2
    // t=2: ŷ = 14, e = 1, ℓ = .5·15 + .5·14 = 14.5, b = .5·2.5 + .5·2 = 2.25
    // t=3: ŷ = 16.75, e = 0.25, ℓ = .5·17 + .5·16.75 = 16.875, b = .5·2.375 + .5·2.25 = 2.3125
    // σ = √((1² + 0.25²)/2) = √0.53125 = 0.728869; ŷ(+1) = 19.1875, ŷ(+2) = 21.5
    const f = fitForecast([10, 12, 15, 17], half);
    expect(f).toMatchObject({ method: 'holt', level: 16.875, trend: 2.3125, errorCount: 2 });
    expect(f.errorStdDev).toBeCloseTo(0.728869, 6);
    expect(forecastAt(f, 1)).toBe(19.1875);
    expect(forecastAt(f, 2)).toBe(21.5);
    expect(meanDemandPerDay(f, 2)).toBe((19.1875 + 21.5) / 2);
  });

  it('Holt-Winters reproduces a pure weekly pattern with zero error', () => {
    // Season 1 = season 2 = [4,4,4,4,4,11,11]: ℓ = 6, b = 0, s = [−2,−2,−2,−2,−2,5,5]; every yₜ = ℓ + sₜ,
    // so every error is 0 and nothing moves. Day 14 has phase 0 (a 4-day), day 19 phase 5 (an 11-day).
    const week = [4, 4, 4, 4, 4, 11, 11];
    const f = fitForecast([...week, ...week], half);
    expect(f).toMatchObject({ method: 'holt_winters', level: 6, trend: 0, seasonal: [-2, -2, -2, -2, -2, 5, 5], errorStdDev: 0, errorCount: 7 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((h) => forecastAt(f, h))).toEqual([4, 4, 4, 4, 4, 11, 11, 4]);
  });

  it('Holt-Winters with a trend between the two seasons', () => {
    // [4,4,4,4,4,11,11, 5,5,5,5,5,12,12]: ℓ = 6, b = (7 − 6)/7 = 1/7, s₀ = 4 − 6 = −2.
    // t=7: ŷ = 6 + 1/7 − 2 = 29/7, e = 5 − 29/7 = 6/7; ℓ = .5·(5 + 2) + .5·(6 + 1/7) = 46/7;
    //      s₀ = .5·(5 − 6 − 1/7) + .5·(−2) = −11/7; b = .5·(46/7 − 6) + .5·(1/7) = 5/14.
    // Continuing to t = 13 in exact fractions: ℓ = 28965/4096, b = −1775/57344,
    // errors [6/7, 1/14, −19/56, −103/224, −363/896, −991/3584, −293/2048], RMS = 0.4354643.
    const f = fitForecast([4, 4, 4, 4, 4, 11, 11, 5, 5, 5, 5, 5, 12, 12], half);
    expect(f.method).toBe('holt_winters');
    expect(f.level).toBeCloseTo(28965 / 4096, 12);
    expect(f.trend).toBeCloseTo(-1775 / 57344, 12);
    expect(f.seasonal?.[0]).toBeCloseTo(-11 / 7, 12);
    expect(f.seasonal?.[6]).toBeCloseTo(20187 / 4096, 12);
    expect(f.errorStdDev).toBeCloseTo(0.4354643, 7);
    expect(forecastAt(f, 1)).toBeCloseTo(5.469151, 6);
    expect(forecastAt(f, 6)).toBeCloseTo(11.747559, 6);
  });

  it('chooses the method by history length', () => {
    const methods = [0, 1, 2, 3, 13, 14].map((n) => fitForecast(new Array(n).fill(5), half).method);
    expect(methods).toEqual(['none', 'simple', 'simple', 'holt', 'holt', 'holt_winters']);
    expect(fitForecast([], half)).toMatchObject({ level: 0, errorStdDev: 0 });
  });

  it('never forecasts below zero when the trend falls', () => {
    // ℓ₀ = 10, b₀ = −5 … the trend runs the forecast under zero within days: clamped at 0.
    const f = fitForecast([10, 5, 0], half);
    expect(forecastAt(f, 10)).toBe(0);
  });

  it('asserts valid inputs', () => {
    expect(() => fitForecast([1, -1], half)).toThrow(/≥ 0/);
    expect(() => fitForecast([1], { ...half, alpha: 0 })).toThrow(/alpha/);
  });
});
