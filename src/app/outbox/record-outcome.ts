import { assertNever } from '../../core/assert.ts';
import { limits } from '../../core/limits.ts';
import type { DeliveryResult } from '../../ports/channel-connector.ts';
import type { OutboxMessage, OutboxRepository } from '../../ports/outbox.ts';
import { type BackoffPolicy, retryDelayMs } from './backoff.ts';

/** What one push's outcome did to its rows. */
export type OutcomeCounts = { delivered: number; retried: number; dead: number; deferred: number };

export type OutcomeContext = {
  readonly outbox: OutboxRepository;
  readonly random: () => number;
  readonly backoff: BackoffPolicy;
  readonly attemptsMax: number;
  readonly malformedAttemptsMax: number;
  /** When the push was answered: the end of the latency and the start of the backoff. */
  readonly ackAtMs: number;
};

/**
 * Records the outcome of one push for every row in it. Every branch ends each row in exactly one
 * of delivered, retry (attempts + 1, later), dead, or deferred (no attempt counted): no row is
 * ever left claimed, so no update is lost to a failure mode.
 */
export async function recordOutcome(rows: readonly OutboxMessage[], result: DeliveryResult, ctx: OutcomeContext): Promise<OutcomeCounts> {
  const counts: OutcomeCounts = { delivered: 0, retried: 0, dead: 0, deferred: 0 };
  switch (result.kind) {
    case 'delivered':
      await ctx.outbox.markDeliveredMany(
        rows.map((row) => ({ id: row.id, latencyMs: Math.max(0, ctx.ackAtMs - row.causedAtMs) })),
        ctx.ackAtMs,
      );
      counts.delivered = rows.length;
      return counts;
    case 'retryable':
      for (const row of rows) await fail(row, `${result.reason}: ${result.message}`, ctx, counts, result.retryAfterMs);
      return counts;
    case 'malformed':
      for (const row of rows) {
        const error = `malformed reply: ${result.message}`;
        if (row.attempts + 1 >= ctx.malformedAttemptsMax) await dead(row, error, ctx, counts);
        else await fail(row, error, ctx, counts);
      }
      return counts;
    case 'rejected':
      return recordRejections(rows, result, ctx, counts);
    default:
      return assertNever(result, 'delivery result');
  }
}

/** Rejected SKUs become dead letters; the batch's other rows were not applied and go again at once. */
async function recordRejections(
  rows: readonly OutboxMessage[],
  result: Extract<DeliveryResult, { kind: 'rejected' }>,
  ctx: OutcomeContext,
  counts: OutcomeCounts,
): Promise<OutcomeCounts> {
  const bySku = new Map(result.rejections.map((r) => [r.sku, r]));
  // A rejection naming none of our SKUs would loop forever if the rest were deferred: treat it as
  // a reply we do not understand, which is bounded.
  if (!rows.some((row) => bySku.has(row.sku))) {
    return recordOutcome(rows, { kind: 'malformed', message: `rejection names no SKU of the push: ${result.message}` }, ctx);
  }
  for (const row of rows) {
    const rejection = bySku.get(row.sku);
    if (rejection) await dead(row, `rejected ${rejection.code}: ${rejection.message}`, ctx, counts);
    else {
      await ctx.outbox.defer(row.id, ctx.ackAtMs);
      counts.deferred++;
    }
  }
  return counts;
}

async function fail(row: OutboxMessage, error: string, ctx: OutcomeContext, counts: OutcomeCounts, retryAfterMs?: number): Promise<void> {
  if (row.attempts + 1 >= ctx.attemptsMax) return dead(row, `${error} (gave up after ${row.attempts + 1} attempts)`, ctx, counts);
  const delayMs = retryDelayMs(row.attempts, ctx.backoff, ctx.random, retryAfterMs);
  await ctx.outbox.markRetry(row.id, ctx.ackAtMs + delayMs, clip(error));
  counts.retried++;
}

async function dead(row: OutboxMessage, error: string, ctx: OutcomeContext, counts: OutcomeCounts): Promise<void> {
  await ctx.outbox.markDead(row.id, clip(error));
  counts.dead++;
}

const clip = (text: string): string => (text.length <= limits.textLengthMax ? text : `${text.slice(0, limits.textLengthMax - 1)}…`);
