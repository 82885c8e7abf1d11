import { assert } from '../core/assert.ts';
import { limits } from '../core/limits.ts';
import type { AvailabilityUpdate, ChannelConnectors, DeliveryResult } from '../ports/channel-connector.ts';
import type { Clock } from '../ports/clock.ts';
import type { OutboxMessage, OutboxRepository } from '../ports/outbox.ts';
import type { BackoffPolicy } from './outbox/backoff.ts';
import { byChannel, chunks, newestPerKey } from './outbox/coalesce.ts';
import { type OutcomeCounts, recordOutcome } from './outbox/record-outcome.ts';
import { TokenBucket } from './outbox/token-bucket.ts';

/** Tuning of the dispatcher; every field defaults to its ceiling in `limits`. */
export type DispatcherOptions = {
  readonly claimBatchMax: number;
  readonly leaseMs: number;
  readonly pushUpdatesMax: number;
  readonly attemptsMax: number;
  readonly malformedAttemptsMax: number;
  readonly backoff: BackoffPolicy;
};

export const defaultDispatcherOptions: DispatcherOptions = {
  claimBatchMax: limits.outboxClaimBatchMax,
  leaseMs: limits.outboxLeaseMs,
  pushUpdatesMax: limits.outboxPushUpdatesMax,
  attemptsMax: limits.outboxAttemptsMax,
  malformedAttemptsMax: limits.outboxMalformedAttemptsMax,
  backoff: { baseMs: limits.outboxBackoffBaseMs, capMs: limits.outboxBackoffCapMs, retryAfterMsMax: limits.outboxRetryAfterMsMax },
};

export type DispatcherDeps = {
  readonly outbox: OutboxRepository;
  readonly connectors: ChannelConnectors;
  readonly clock: Clock;
  /** Jitter source in [0, 1): `Math.random` in production, `seededRandom(n)` in tests. */
  readonly random: () => number;
};

/** What one tick did, for logs, metrics and tests. */
export type TickSummary = OutcomeCounts & { claimed: number; superseded: number; pushes: number };

/**
 * Delivers the transactional outbox to channel connectors (issue 3, docs/channel-feeds.md).
 * One `tick()`: claim due rows under a lease, coalesce to the newest value per (channel, sku),
 * group by channel, push in batches within each channel's rate limit, and record every outcome
 * as delivered, retry with backoff, dead letter, or deferred. Ticks are driven by
 * `runDispatcherLoop` in production and called directly by tests with a fake clock.
 *
 * Delivery is at least once: a crash after a push and before its bookkeeping leaves the row
 * pending with an expiring lease, so it is sent again with the same idempotency key.
 */
export class OutboxDispatcher {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #options: DispatcherOptions;

  constructor(
    private readonly deps: DispatcherDeps,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.#options = { ...defaultDispatcherOptions, ...options };
    const o = this.#options;
    assert(o.pushUpdatesMax >= 1 && o.pushUpdatesMax <= limits.outboxPushUpdatesMax, 'pushUpdatesMax within limits');
    assert(o.claimBatchMax >= 1 && o.claimBatchMax <= limits.outboxClaimBatchMax, 'claimBatchMax within limits');
    assert(o.malformedAttemptsMax <= o.attemptsMax, 'malformed replies dead-letter no later than other failures');
  }

  async tick(): Promise<TickSummary> {
    const nowMs = this.deps.clock.now();
    const claimed = await this.deps.outbox.claimDue(nowMs, this.#options.claimBatchMax, this.#options.leaseMs);
    const summary: TickSummary = { claimed: claimed.length, superseded: 0, pushes: 0, delivered: 0, retried: 0, dead: 0, deferred: 0 };
    if (claimed.length === 0) return summary;
    const { newest } = newestPerKey(claimed);
    // Supersede before sending: once the newest value is on the wire, no older row of its key may
    // be sent again (the store refuses to claim rows of a key that is leased elsewhere).
    for (const row of newest) summary.superseded += await this.deps.outbox.supersedeOlder(row.channel, row.sku, row.id);
    const perChannel = await Promise.all([...byChannel(newest)].map(([channel, rows]) => this.#dispatchChannel(channel, rows)));
    for (const counts of perChannel) addCounts(summary, counts);
    return summary;
  }

  /** Pushes one channel's rows in batches, one token per batch; what has no token waits for one. */
  async #dispatchChannel(channel: string, rows: OutboxMessage[]): Promise<OutcomeCounts & { pushes: number }> {
    const counts = { delivered: 0, retried: 0, dead: 0, deferred: 0, pushes: 0 };
    const feed = this.deps.connectors.forChannel(channel);
    if (feed === undefined) {
      // Visible and retryable once the feed is configured, rather than silently dropped.
      for (const row of rows) await this.deps.outbox.markDead(row.id, `no feed is configured for channel ${channel}`);
      counts.dead += rows.length;
      return counts;
    }
    const bucket = this.#bucket(channel, feed.rateLimit);
    for (const batch of chunks(rows, this.#options.pushUpdatesMax)) {
      const sentAtMs = this.deps.clock.now();
      const token = bucket.take(sentAtMs);
      if (!token.ok) {
        for (const row of batch) await this.deps.outbox.defer(row.id, sentAtMs + token.waitMs);
        counts.deferred += batch.length;
        continue;
      }
      const result = await pushSafely(() => feed.connector.push(batch.map(toUpdate)));
      counts.pushes++;
      const ackAtMs = this.deps.clock.now();
      if (result.kind === 'retryable' && result.retryAfterMs !== undefined) bucket.pauseUntil(ackAtMs + result.retryAfterMs);
      addCounts(counts, await recordOutcome(batch, result, { ...this.#options, ...this.deps, ackAtMs }));
    }
    return counts;
  }

  #bucket(channel: string, rateLimit: { requestsPerSecond: number; burst: number }): TokenBucket {
    let bucket = this.#buckets.get(channel);
    if (bucket === undefined) {
      bucket = new TokenBucket(rateLimit, this.deps.clock.now());
      this.#buckets.set(channel, bucket);
    }
    return bucket;
  }
}

/** The idempotency key of a row: stable across every redelivery of it. */
export const updateIdempotencyKey = (row: Pick<OutboxMessage, 'channel' | 'id'>): string => `omnistock:${row.channel}:${row.id}`;

const toUpdate = (row: OutboxMessage): AvailabilityUpdate => ({
  sku: row.sku,
  available: row.payload.available,
  idempotencyKey: updateIdempotencyKey(row),
  attempts: row.attempts,
});

/** A connector that throws broke its contract; the row is retried rather than lost with the exception. */
async function pushSafely(push: () => Promise<DeliveryResult>): Promise<DeliveryResult> {
  try {
    return await push();
  } catch (error) {
    return { kind: 'retryable', reason: 'network', message: `connector threw: ${(error as Error).message}` };
  }
}

function addCounts<T extends OutcomeCounts>(into: T, add: OutcomeCounts & { pushes?: number }): void {
  into.delivered += add.delivered;
  into.retried += add.retried;
  into.dead += add.dead;
  into.deferred += add.deferred;
  if ('pushes' in into && add.pushes !== undefined) (into as { pushes: number }).pushes += add.pushes;
}
