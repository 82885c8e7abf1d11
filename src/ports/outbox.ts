import type { Page, PageRequest } from './store.ts';

/**
 * The transactional outbox (issue 3, docs/channel-feeds.md): effects written in the same
 * transaction as the movement that caused them, delivered afterwards by `dispatch-outbox.ts`.
 *
 * The ledger transaction inserts rows itself (there is no `enqueue` here): an insert outside that
 * transaction could commit without the movement, or the movement without it, and then an update
 * is lost. This port has only what the dispatcher and the HTTP API need.
 */

/** What an outbox row carries. Only channel feeds today; ERP documents come later as `erp_document`. */
export const OUTBOX_KINDS = ['channel_availability'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * Lifecycle: `pending` → `delivered` | `dead` | `superseded`, and `dead` → `pending` by an
 * operator's retry (or `dead` → `superseded` when a newer value for the same key replaces it).
 * `delivered` and `superseded` are terminal.
 */
export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead', 'superseded'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** The payload of a `channel_availability` row: the absolute units the channel may show. */
export type ChannelAvailabilityPayload = { readonly available: number };

/**
 * A row as the ledger transaction writes it. `id` is assigned by the store and must grow in commit
 * order for one (channel, sku): coalescing keeps the highest id as the newest value (see the
 * docs for how the SQL stores guarantee it).
 */
export type NewOutboxMessage = {
  readonly kind: 'channel_availability';
  readonly channel: string;
  readonly sku: string;
  readonly payload: ChannelAvailabilityPayload;
  /** Arrival time of the event that caused the change: the start of the push latency. */
  readonly causedAtMs: number;
  readonly createdAtMs: number;
};

/** A stored outbox row. */
export type OutboxMessage = NewOutboxMessage & {
  readonly id: number;
  /** Failed deliveries recorded so far (a crash mid-push records none: the row is simply redelivered). */
  readonly attempts: number;
  readonly nextAttemptAtMs: number;
  readonly status: OutboxStatus;
  /** Why the last attempt failed, for operators; null until one fails. */
  readonly lastError: string | null;
  /** The claim holds the row until then; 0 when unclaimed. */
  readonly leaseUntilMs: number;
  readonly deliveredAtMs: number | null;
  /** `deliveredAtMs − causedAtMs`, recorded on delivery. */
  readonly latencyMs: number | null;
};

export type OutboxFilter = { readonly status?: OutboxStatus; readonly channel?: string };

/** Outcome of an operator's retry of one row. */
export type OutboxRetryOutcome = 'pending' | 'superseded' | 'not_found' | 'not_dead';

/** Push latency percentiles over delivered rows (nearest rank), for `GET /v1/stats`. */
export type OutboxLatencyStats = {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
};

/**
 * What the dispatcher needs from the store. The in-memory adapter (`adapters/outbox-memory`) is the
 * reference; every adapter passes `test/contract/outbox`.
 */
export interface OutboxRepository {
  /**
   * Claims up to `limit` pending rows with `nextAttemptAtMs <= nowMs` whose lease has run out,
   * oldest id first, and leases them until `nowMs + leaseMs`. A row is not claimed while another
   * pending row of the same (channel, sku) is leased: one key is in flight in one place at a
   * time, so an older value can never overtake a newer one on the wire.
   */
  claimDue(nowMs: number, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** Records the acknowledgement; clears the lease. */
  markDelivered(id: number, deliveredAtMs: number, latencyMs: number): Promise<void>;
  /**
   * Marks every row of one acknowledged push delivered in ONE write transaction: per-row commits
   * (an fsync each on SQLite) would cap delivery below the rate channels change at.
   */
  markDeliveredMany(deliveries: readonly { readonly id: number; readonly latencyMs: number }[], deliveredAtMs: number): Promise<void>;
  /** Records a failed attempt (attempts + 1) and when to try again; clears the lease. */
  markRetry(id: number, nextAttemptAtMs: number, error: string): Promise<void>;
  /** Records the last failed attempt (attempts + 1) and makes the row a dead letter. */
  markDead(id: number, error: string): Promise<void>;
  /**
   * Gives a claimed row back without counting an attempt (rate limited, or pushed in a batch that
   * another row spoiled). Clears the lease.
   */
  defer(id: number, nextAttemptAtMs: number): Promise<void>;
  /**
   * Coalescing: marks every `pending` or `dead` row of (channel, sku) with an id below `id` as
   * `superseded`, because row `id` carries a newer value. Returns how many rows it marked.
   */
  supersedeOlder(channel: string, sku: string, id: number): Promise<number>;
  /** Rows by id, for `GET /v1/outbox?status=&channel=`. */
  list(filter: OutboxFilter, page: PageRequest): Promise<Page<OutboxMessage>>;
  get(id: number): Promise<OutboxMessage | undefined>;
  /**
   * An operator's retry of a dead letter: `dead` → `pending`, attempts reset, due at `nowMs`.
   * When a newer row exists for the same (channel, sku) the dead one is `superseded` instead,
   * since sending it would put an old value over a newer one.
   */
  retry(id: number, nowMs: number): Promise<OutboxRetryOutcome>;
  /** Latency percentiles over rows delivered at or after `sinceMs` (all when omitted). */
  latencyStats(filter: { readonly channel?: string; readonly sinceMs?: number }): Promise<OutboxLatencyStats>;
  /** Rows per status, every status present (0 when none), for the `/metrics` gauges and `GET /v1/stats`. */
  countByStatus(): Promise<Record<OutboxStatus, number>>;
}
