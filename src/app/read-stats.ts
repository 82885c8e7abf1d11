import type { OutboxRepository, OutboxStatus } from '../ports/outbox.ts';

/** Delivery of availability to channels: push latency (event arrival → channel ack) and the outbox backlog. */
export type ChannelPushStats = {
  /** Rows delivered in the window. */
  readonly count: number;
  /** Nearest-rank percentiles in milliseconds; null when nothing was delivered. */
  readonly latencyMsP50: number | null;
  readonly latencyMsP99: number | null;
  /** Start of the window (epoch ms), null for "since the beginning". */
  readonly sinceMs: number | null;
  /** Outbox rows by status, whatever the window: `pending` is the backlog, `dead` needs an operator. */
  readonly outboxRows: Readonly<Record<OutboxStatus, number>>;
};

/**
 * The operational summary behind `GET /v1/stats`. One section per concern, each computed by its own
 * function below, so later issues add theirs (`cases`, `returns`, `reconciliation`) beside
 * `channelPush` without changing the existing ones.
 */
export type ServiceStats = {
  readonly generatedAtMs: number;
  readonly channelPush: ChannelPushStats;
};

export type StatsFilter = { readonly channel?: string; readonly sinceMs?: number };

async function channelPushStats(outbox: OutboxRepository, filter: StatsFilter): Promise<ChannelPushStats> {
  const [latency, outboxRows] = await Promise.all([outbox.latencyStats(filter), outbox.countByStatus()]);
  return { count: latency.count, latencyMsP50: latency.p50Ms, latencyMsP99: latency.p99Ms, sinceMs: filter.sinceMs ?? null, outboxRows };
}

/**
 * Reads every stats section.
 *
 * @example
 * const stats = await readStats({ outbox: store.outbox }, Date.now(), { sinceMs: Date.now() - 3_600_000 });
 * stats.channelPush.latencyMsP99; // p99 push latency of the last hour
 */
export async function readStats(deps: { readonly outbox: OutboxRepository }, nowMs: number, filter: StatsFilter): Promise<ServiceStats> {
  return { generatedAtMs: nowMs, channelPush: await channelPushStats(deps.outbox, filter) };
}
