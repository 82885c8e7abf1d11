import { assert } from '../../core/assert.ts';
import type { FeedRateLimit } from '../../ports/channel-connector.ts';

/**
 * Per-connector rate limit: a token bucket of `burst` tokens refilled at `requestsPerSecond`. One
 * request (one push, whatever its number of updates) takes one token. Time is passed in, never
 * read, so tests drive it with a fake clock.
 *
 * A channel that answers "slow down" (429 with Retry-After) pauses its bucket: the rest of the
 * tick's pushes to that channel are deferred instead of hammering it.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAtMs: number;
  #pausedUntilMs = 0;

  constructor(
    private readonly limit: FeedRateLimit,
    nowMs: number,
  ) {
    assert(limit.requestsPerSecond > 0 && limit.burst >= 1, 'a rate limit needs a positive rate and a burst of at least 1');
    this.#tokens = limit.burst;
    this.#updatedAtMs = nowMs;
  }

  /** Takes a token, or says how long until one is available. */
  take(nowMs: number): { readonly ok: true } | { readonly ok: false; readonly waitMs: number } {
    if (nowMs < this.#pausedUntilMs) return { ok: false, waitMs: this.#pausedUntilMs - nowMs };
    this.#refill(nowMs);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: Math.ceil(((1 - this.#tokens) * 1000) / this.limit.requestsPerSecond) };
  }

  /** No token until `untilMs` (the channel asked us to wait). */
  pauseUntil(untilMs: number): void {
    this.#pausedUntilMs = Math.max(this.#pausedUntilMs, untilMs);
  }

  #refill(nowMs: number): void {
    const elapsedMs = Math.max(0, nowMs - this.#updatedAtMs);
    this.#tokens = Math.min(this.limit.burst, this.#tokens + (elapsedMs * this.limit.requestsPerSecond) / 1000);
    this.#updatedAtMs = Math.max(this.#updatedAtMs, nowMs);
  }
}
