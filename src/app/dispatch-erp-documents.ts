import { assert, assertNever } from '../core/assert.ts';
import { limits } from '../core/limits.ts';
import type { FeedRateLimit } from '../ports/channel-connector.ts';
import type { Clock } from '../ports/clock.ts';
import type { ErpConnector, ErpDeliveryResult } from '../ports/erp-connector.ts';
import type { ErpDocumentRecord, ErpDocumentRepository } from '../ports/erp-documents.ts';
import { type BackoffPolicy, retryDelayMs } from './outbox/backoff.ts';
import { TokenBucket } from './outbox/token-bucket.ts';

export type ErpDispatcherOptions = {
  readonly claimBatchMax: number;
  readonly leaseMs: number;
  readonly attemptsMax: number;
  readonly malformedAttemptsMax: number;
  readonly backoff: BackoffPolicy;
};

export const defaultErpDispatcherOptions: ErpDispatcherOptions = {
  claimBatchMax: limits.erpDocumentClaimBatchMax,
  leaseMs: limits.erpDocumentLeaseMs,
  attemptsMax: limits.erpDocumentAttemptsMax,
  malformedAttemptsMax: limits.erpDocumentMalformedAttemptsMax,
  backoff: { baseMs: limits.outboxBackoffBaseMs, capMs: limits.outboxBackoffCapMs, retryAfterMsMax: limits.outboxRetryAfterMsMax },
};

export type ErpDispatcherDeps = {
  readonly documents: ErpDocumentRepository;
  readonly connector: ErpConnector;
  readonly rateLimit: FeedRateLimit;
  readonly clock: Clock;
  /** Jitter source in [0, 1): `Math.random` in production, `seededRandom(n)` in tests. */
  readonly random: () => number;
};

/** What one tick did. `claimed` > 0 tells the loop to go on without pausing. */
export type ErpTickSummary = { claimed: number; delivered: number; retried: number; dead: number; deferred: number };

/**
 * Delivers ERP documents (issue 4, docs/erp-documents.md): claim due documents under a lease,
 * then per type, in id order, one request per document within the connector's rate limit, and
 * record each outcome as delivered, retry with full-jitter backoff, dead letter, or deferred.
 * No coalescing: every document is a business fact the ERP must post.
 *
 * Order: within a type, once a document is not delivered (retry, no token), the type's later
 * documents of this tick are deferred without an attempt, and the store claims none of them while
 * it waits; a dead letter no longer holds its type back. Delivery is at least once: a crash after
 * the request and before `markDelivered` leaves the document leased, and it is sent again with
 * the same idempotency key once the lease runs out (the `ErpTickSummary` loop is `runDispatcherLoop`'s shape).
 */
export class ErpDocumentDispatcher {
  readonly #options: ErpDispatcherOptions;
  readonly #bucket: TokenBucket;

  constructor(
    private readonly deps: ErpDispatcherDeps,
    options: Partial<ErpDispatcherOptions> = {},
  ) {
    this.#options = { ...defaultErpDispatcherOptions, ...options };
    const o = this.#options;
    assert(o.claimBatchMax >= 1 && o.claimBatchMax <= limits.erpDocumentClaimBatchMax, 'claimBatchMax within limits');
    assert(o.malformedAttemptsMax <= o.attemptsMax, 'malformed replies dead-letter no later than other failures');
    this.#bucket = new TokenBucket(deps.rateLimit, deps.clock.now());
  }

  async tick(): Promise<ErpTickSummary> {
    const claimed = await this.deps.documents.claimDue(this.deps.clock.now(), this.#options.claimBatchMax, this.#options.leaseMs);
    const summary: ErpTickSummary = { claimed: claimed.length, delivered: 0, retried: 0, dead: 0, deferred: 0 };
    const byType = new Map<string, ErpDocumentRecord[]>();
    for (const doc of claimed) byType.set(doc.type, [...(byType.get(doc.type) ?? []), doc]);
    // Types are independent queues: one slow or failing type does not hold the others back.
    await Promise.all([...byType.values()].map((docs) => this.#deliverInOrder(docs, summary)));
    return summary;
  }

  async #deliverInOrder(docs: readonly ErpDocumentRecord[], summary: ErpTickSummary): Promise<void> {
    let held = false;
    for (const doc of docs) {
      const nowMs = this.deps.clock.now();
      if (held) {
        await this.deps.documents.defer(doc.id, nowMs);
        summary.deferred++;
        continue;
      }
      const token = this.#bucket.take(nowMs);
      if (!token.ok) {
        await this.deps.documents.defer(doc.id, nowMs + token.waitMs);
        summary.deferred++;
        held = true;
        continue;
      }
      const result = await deliverSafely(() => this.deps.connector.deliver(doc));
      const ackAtMs = this.deps.clock.now();
      if (result.kind === 'retryable' && result.retryAfterMs !== undefined) this.#bucket.pauseUntil(ackAtMs + result.retryAfterMs);
      const outcome = await this.#record(doc, result, ackAtMs);
      summary[outcome]++;
      held = outcome === 'retried';
    }
  }

  /** Ends the document in exactly one of delivered, retry or dead: nothing stays claimed. */
  async #record(doc: ErpDocumentRecord, result: ErpDeliveryResult, ackAtMs: number): Promise<'delivered' | 'retried' | 'dead'> {
    const docs = this.deps.documents;
    switch (result.kind) {
      case 'delivered':
        await docs.markDelivered(doc.id, ackAtMs, result.erpReference);
        return 'delivered';
      case 'rejected':
        await docs.markDead(doc.id, `rejected: ${result.message}`);
        return 'dead';
      case 'malformed':
      case 'retryable': {
        const error = result.kind === 'malformed' ? `malformed reply: ${result.message}` : `${result.reason}: ${result.message}`;
        const max = result.kind === 'malformed' ? this.#options.malformedAttemptsMax : this.#options.attemptsMax;
        if (doc.attempts + 1 >= max) {
          await docs.markDead(doc.id, `${error} (gave up after ${doc.attempts + 1} attempts)`);
          return 'dead';
        }
        const retryAfterMs = result.kind === 'retryable' ? result.retryAfterMs : undefined;
        await docs.markRetry(doc.id, ackAtMs + retryDelayMs(doc.attempts, this.#options.backoff, this.deps.random, retryAfterMs), error);
        return 'retried';
      }
      default:
        return assertNever(result, 'ERP delivery result');
    }
  }
}

/** A connector that throws broke its contract; the document is retried rather than lost with the exception. */
async function deliverSafely(deliver: () => Promise<ErpDeliveryResult>): Promise<ErpDeliveryResult> {
  try {
    return await deliver();
  } catch (error) {
    return { kind: 'retryable', reason: 'network', message: `connector threw: ${(error as Error).message}` };
  }
}
