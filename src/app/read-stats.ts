import type { CaseRepository } from '../ports/case-store.ts';
import type { OutboxRepository, OutboxStatus } from '../ports/outbox.ts';
import type { ReconciliationRepository } from '../ports/reconciliation-store.ts';
import type { ReturnRepository } from '../ports/return-store.ts';
import { type CaseStatsSection, caseStats } from './cases/case-stats.ts';
import { type ReconciliationStats, reconciliationStats } from './reconciliation-stats.ts';
import { type ReturnStats, returnStats } from './return-stats.ts';

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
  /** Returns (issue 4): cycle time and units by outcome; absent when the caller has no returns repository. */
  readonly returns?: ReturnStats;
  /** Exception cases (issue 4): counts by type and status, SLA breaches; absent without a case repository. */
  readonly cases?: CaseStatsSection;
  /** Reconciliation drift per source (issue 5); absent without a reconciliation repository. */
  readonly reconciliation?: ReconciliationStats;
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
export async function readStats(
  deps: {
    readonly outbox: OutboxRepository;
    readonly returns?: ReturnRepository;
    readonly cases?: CaseRepository;
    readonly reconciliation?: ReconciliationRepository;
  },
  nowMs: number,
  filter: StatsFilter,
): Promise<ServiceStats> {
  const channelPush = await channelPushStats(deps.outbox, filter);
  const cases = deps.cases === undefined ? {} : { cases: await caseStats(deps.cases, nowMs) };
  const reconciliation = deps.reconciliation === undefined ? {} : { reconciliation: await reconciliationStats(deps.reconciliation, filter.sinceMs) };
  if (deps.returns === undefined) return { generatedAtMs: nowMs, channelPush, ...cases, ...reconciliation };
  return { generatedAtMs: nowMs, channelPush, returns: await returnStats(deps.returns, filter.sinceMs), ...cases, ...reconciliation };
}
