// Backoff with full jitter: bounds per attempt, the cap, and Retry-After precedence and clamp.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';
import { seededRandom } from './seeded-random.ts';

const policy = { baseMs: 1_000, capMs: 600_000, retryAfterMsMax: 3_600_000 };

describe('retryDelayMs', () => {
  it('stays in [0, min(cap, base·2^n)) for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        const delay = retryDelayMs(n, policy, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(policy.capMs, policy.baseMs * 2 ** n));
      }),
    );
  });

  it('doubles its ceiling per attempt: the top of the range for attempts 0..3', () => {
    expect([0, 1, 2, 3].map((n) => retryDelayMs(n, policy, () => 0.999_999))).toEqual([999, 1_999, 3_999, 7_999]);
  });

  it('spreads retries of rows that failed together (full jitter, not one wave)', () => {
    const random = seededRandom(3);
    const delays = Array.from({ length: 200 }, () => retryDelayMs(5, policy, random));
    expect(new Set(delays).size).toBeGreaterThan(150);
    expect(Math.min(...delays)).toBeLessThan(8_000);
    expect(Math.max(...delays)).toBeGreaterThan(24_000);
  });

  it('takes Retry-After as given, clamped to the ceiling', () => {
    expect(retryDelayMs(0, policy, () => 0.5, 30_000)).toBe(30_000);
    expect(retryDelayMs(0, policy, () => 0.5, 10 * 24 * 3_600_000)).toBe(3_600_000);
    expect(retryDelayMs(0, policy, () => 0.5, -5)).toBe(0);
  });

  it('rejects a random source outside [0, 1)', () => {
    expect(() => retryDelayMs(0, policy, () => 1)).toThrow('random()');
  });
});
