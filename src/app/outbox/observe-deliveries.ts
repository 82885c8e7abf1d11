import type { OutboxRepository } from '../../ports/outbox.ts';

/** Told of every delivery the dispatcher records (for the push latency histogram). */
export type DeliveryObserver = (delivery: { readonly channel: string; readonly latencyMs: number }) => void;

/**
 * Wraps the dispatcher's `OutboxRepository` so every `markDelivered` is also reported to
 * `observe`, with the channel of the row (remembered from the claim, since `markDelivered` takes
 * only the id). The remembered claims are dropped at the next `claimDue`: a tick records every row
 * it claimed before it returns, so nothing older is still waiting for its outcome.
 *
 * The observer runs after the store accepted the mark; an observer that throws is a bug in the
 * metrics, never a reason to fail the delivery, so its error is swallowed here on purpose.
 *
 * @example
 * const outbox = observeDeliveries(store.outbox, ({ channel, latencyMs }) => metrics.observePushLatency(channel, latencyMs));
 * new OutboxDispatcher({ outbox, connectors, clock, random: Math.random });
 */
export function observeDeliveries(outbox: OutboxRepository, observe: DeliveryObserver): OutboxRepository {
  let channelOf = new Map<number, string>();
  return {
    claimDue: async (nowMs, limit, leaseMs) => {
      const claimed = await outbox.claimDue(nowMs, limit, leaseMs);
      channelOf = new Map(claimed.map((m) => [m.id, m.channel]));
      return claimed;
    },
    markDelivered: async (id, deliveredAtMs, latencyMs) => {
      await outbox.markDelivered(id, deliveredAtMs, latencyMs);
      const channel = channelOf.get(id);
      channelOf.delete(id);
      try {
        observe({ channel: channel ?? 'unknown', latencyMs });
      } catch {
        // See above: metrics never fail a delivery.
      }
    },
    markDeliveredMany: async (deliveries, deliveredAtMs) => {
      await outbox.markDeliveredMany(deliveries, deliveredAtMs);
      for (const { id, latencyMs } of deliveries) {
        const channel = channelOf.get(id);
        channelOf.delete(id);
        try {
          observe({ channel: channel ?? 'unknown', latencyMs });
        } catch {
          // See above: metrics never fail a delivery.
        }
      }
    },
    markRetry: (id, next, error) => outbox.markRetry(id, next, error),
    markDead: (id, error) => outbox.markDead(id, error),
    defer: (id, next) => outbox.defer(id, next),
    supersedeOlder: (channel, sku, id) => outbox.supersedeOlder(channel, sku, id),
    list: (filter, page) => outbox.list(filter, page),
    get: (id) => outbox.get(id),
    retry: (id, nowMs) => outbox.retry(id, nowMs),
    latencyStats: (filter) => outbox.latencyStats(filter),
    countByStatus: () => outbox.countByStatus(),
  };
}
