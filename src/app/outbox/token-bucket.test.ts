// The per-connector token bucket under a fake clock: burst, refill rate, wait hints, and pauses.
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('allows a burst, then one request per 1/rate seconds, and says how long to wait', () => {
    const bucket = new TokenBucket({ requestsPerSecond: 4, burst: 2 }, 0);
    expect(bucket.take(0)).toEqual({ ok: true });
    expect(bucket.take(0)).toEqual({ ok: true });
    expect(bucket.take(0)).toEqual({ ok: false, waitMs: 250 });
    expect(bucket.take(100)).toEqual({ ok: false, waitMs: 150 });
    expect(bucket.take(250)).toEqual({ ok: true });
    expect(bucket.take(250)).toEqual({ ok: false, waitMs: 250 });
  });

  it('never holds more than the burst, however long it was idle', () => {
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 3 }, 0);
    const granted = Array.from({ length: 10 }, () => bucket.take(3_600_000).ok).filter(Boolean).length;
    expect(granted).toBe(3);
  });

  it('gives no token while paused by a Retry-After', () => {
    const bucket = new TokenBucket({ requestsPerSecond: 100, burst: 10 }, 0);
    bucket.pauseUntil(5_000);
    expect(bucket.take(1_000)).toEqual({ ok: false, waitMs: 4_000 });
    expect(bucket.take(5_000)).toEqual({ ok: true });
  });
});
