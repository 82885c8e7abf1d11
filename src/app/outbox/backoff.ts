import { assert } from '../../core/assert.ts';

/** Backoff settings; the defaults live in `limits` (outboxBackoffBaseMs, outboxBackoffCapMs, outboxRetryAfterMsMax). */
export type BackoffPolicy = {
  readonly baseMs: number;
  readonly capMs: number;
  readonly retryAfterMsMax: number;
};

/**
 * Delay before the next attempt, after `failedAttempts` failures already recorded (0 for the first).
 * Exponential backoff with full jitter: uniform in [0, min(cap, base·2^n)). Full jitter spreads
 * the retries of many rows that failed together (a channel outage) instead of sending them back in
 * one wave, which "equal jitter" or no jitter would do. A `retryAfterMs` the channel sent wins,
 * clamped so that a hostile header cannot park a row for days.
 *
 * @example
 * retryDelayMs(3, { baseMs: 1000, capMs: 600000, retryAfterMsMax: 3600000 }, () => 0.5) // 4000
 */
export function retryDelayMs(failedAttempts: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number): number {
  assert(Number.isInteger(failedAttempts) && failedAttempts >= 0, 'failedAttempts is a count');
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, Math.ceil(retryAfterMs)), policy.retryAfterMsMax);
  // 2^n overflows nothing before the cap applies: cap ≤ 2^31 in practice, n ≤ attemptsMax.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(failedAttempts, 30));
  const r = random();
  assert(r >= 0 && r < 1, 'random() must return a number in [0, 1)');
  return Math.floor(r * ceiling);
}
