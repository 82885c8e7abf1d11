import type { CaseSeverity, CaseStatus, CaseType } from '../core/cases/case-vocabulary.ts';
import type { Movement } from '../core/ledger/movement.ts';
import type { Position } from '../core/ledger/position.ts';
import type { Channel } from '../core/master-data/channel.ts';
import type { Item } from '../core/master-data/item.ts';
import type { FulfilmentMethod, StockNode } from '../core/master-data/node.ts';
import type { FulfilmentOrder } from '../core/orders/fulfilment-order.ts';
import type { ShortPick } from '../core/orders/short-pick.ts';
import type { CustomerNotification } from '../core/orders/workflow-effect.ts';
import type { Reservation, ReservationLine } from '../core/reservations/reservation.ts';
import type { GeoPoint } from '../core/sourcing/haversine.ts';
import type { OrderLine, SourcingTrace } from '../core/sourcing/sourcing-types.ts';
import type { Page, PageRequest } from './store.ts';

/**
 * Workflow persistence (issue 3): reservations, orders, fulfilment orders, short picks, timers,
 * cases and customer notifications. `WorkflowTransaction` writes inside the ledger transaction
 * (`IngestTransaction.workflow`), so a workflow's new state, its movements and its timers commit
 * together or not at all; `WorkflowRepository` reads committed rows for the HTTP API and the sweeper.
 */

/** A reservation as stored: the core's state plus what the shell needs to answer repeats. */
export type ReservationRecord = Reservation & {
  /** The request's Idempotency-Key. */
  readonly idempotencyKey: string;
  /** SHA-256 of the canonical request body: a repeat with another body is refused. */
  readonly requestHash: string;
  readonly shipTo: GeoPoint | null;
  readonly trace: SourcingTrace;
};

/** An order: from a confirmed reservation, or placed directly (`POST /v1/orders`). */
export type OrderRecord = {
  readonly id: string;
  readonly channelId: string;
  readonly orderRef: string;
  readonly reservationId: string | null;
  readonly method: FulfilmentMethod;
  readonly pickupNode: string | null;
  readonly shipTo: GeoPoint | null;
  /** The lines as requested. */
  readonly lines: readonly OrderLine[];
  /** The sourcing decision that placed it (for a confirmed reservation: the reservation's). */
  readonly trace: SourcingTrace;
  /** The next `<orderId>/F<seq>` number: re-sourcing adds fulfilment orders. */
  readonly nextFulfilmentSeq: number;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly createdAtMs: number;
};

/** A fulfilment order as stored, with the serial numbers its shipment reported. */
export type FulfilmentOrderRecord = FulfilmentOrder & { readonly serials: readonly string[] };

export const TIMER_KINDS = ['reservation_expiry'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];
export const TIMER_STATUSES = ['pending', 'done', 'cancelled'] as const;
export type TimerStatus = (typeof TIMER_STATUSES)[number];

/** A durable timer: due at `dueAtMs`, fired by the sweeper, so a restart loses none. */
export type Timer = { readonly kind: TimerKind; readonly subjectId: string; readonly dueAtMs: number; readonly status: TimerStatus };

// Case vocabularies live in the core since issue 4 (docs/cases.md); re-exported for existing importers.
export { CASE_SEVERITIES, CASE_STATUSES, CASE_TYPES, type CaseSeverity, type CaseStatus, type CaseType } from '../core/cases/case-vocabulary.ts';

/** What opens a case, or adds an occurrence to the open case of the same `dedupeKey`. */
export type CaseInput = {
  readonly type: CaseType;
  /** At most one open case per key (a partial unique index); a repeat adds an occurrence. */
  readonly dedupeKey: string;
  readonly severity: CaseSeverity;
  readonly sku: string | null;
  readonly node: string | null;
  readonly orderId: string | null;
  /** JSON-serialisable facts of the latest occurrence (quantities, what was done). */
  readonly details: unknown;
};

export type CaseRecord = Omit<CaseInput, 'details'> & {
  readonly id: number;
  readonly status: CaseStatus;
  /** The latest occurrence's details. */
  readonly details: unknown;
  readonly occurrences: number;
  readonly openedAtMs: number;
  readonly updatedAtMs: number;
};

export type NotificationRecord = { readonly id: number; readonly message: CustomerNotification; readonly createdAtMs: number };

/** `ok`, or the index (in the given movements) of the first movement whose guard failed. */
export type GuardOutcome = { readonly ok: true } | { readonly ok: false; readonly failedIndex: number };

/** Master data of one sourcing run; `nodes` are the channel's nodes that exist. */
export type SourcingMasterData = { readonly channel: Channel | undefined; readonly nodes: readonly StockNode[]; readonly items: readonly Item[] };

/** Positions of a sourcing run's SKUs at its nodes, and the fulfilment orders each node took since a time (absent = 0). */
export type SourcingReads = { readonly positions: readonly Position[]; readonly fulfilmentOrders: Readonly<Record<string, number>> };

/** Active reservations and allocated fulfilment orders holding one SKU at one node. */
export type Holds = { readonly reservations: readonly ReservationRecord[]; readonly fulfilmentOrders: readonly FulfilmentOrderRecord[] };

/** The writes and reads of workflows inside the ledger transaction. */
export interface WorkflowTransaction {
  /**
   * Applies movements without read-modify-write. Demand on each node's `available` bucket is
   * summed per (sku, node) and taken by one guarded update
   * (`… set available = available - :q where sku = :s and node = :n and available - :q >= :floor`);
   * every other side is a plain delta. Movement rows are inserted with `eventSeq` as their cause.
   * On a failed guard nothing stays written (guards that passed are given back), so a caller
   * needs no savepoint of its own around it.
   */
  applyGuardedMovements(
    movements: readonly Movement[],
    eventSeq: number,
    floorOf: (sku: string, node: string) => number,
    recordedAtMs: number,
  ): Promise<GuardOutcome>;
  /**
   * Master data sourcing needs (the channel, its nodes, the items), read on this transaction's own
   * connection: on PostgreSQL a second pooled connection per waiting command could exhaust the pool.
   */
  sourcingMasterData(channelId: string, skus: readonly string[]): Promise<SourcingMasterData>;
  /** Positions (this transaction's writes included) of the SKUs at the nodes. */
  positionsAt(skus: readonly string[], nodes: readonly string[]): Promise<Position[]>;
  /**
   * What one sourcing run reads, `positionsAt` and `fulfilmentOrdersSince` together: one round
   * trip on PostgreSQL instead of two.
   */
  sourcingReads(skus: readonly string[], nodes: readonly string[], sinceMs: number): Promise<SourcingReads>;
  /**
   * Stores a new active reservation, its lines, and its expiry timer (`reservation_expiry` due at
   * `expiresAtMs`) in one step: the three always go together, and on PostgreSQL in one round trip.
   */
  insertReservation(r: ReservationRecord): Promise<void>;
  /** Reads a reservation, locking its row until commit on PostgreSQL. */
  lockReservation(id: string): Promise<ReservationRecord | undefined>;
  reservationByKey(idempotencyKey: string): Promise<ReservationRecord | undefined>;
  /** Writes a transition's outcome (status, lines, close time, order). */
  updateReservation(r: Reservation): Promise<void>;
  insertOrder(o: OrderRecord): Promise<void>;
  /** Reads an order, locking its row until commit on PostgreSQL (fulfilment events serialise on it). */
  lockOrder(id: string): Promise<OrderRecord | undefined>;
  orderByKey(idempotencyKey: string): Promise<OrderRecord | undefined>;
  setNextFulfilmentSeq(orderId: string, nextFulfilmentSeq: number): Promise<void>;
  insertFulfilmentOrder(fo: FulfilmentOrder, nowMs: number): Promise<void>;
  fulfilmentOrder(id: string): Promise<FulfilmentOrderRecord | undefined>;
  fulfilmentOrdersOf(orderId: string): Promise<FulfilmentOrderRecord[]>;
  updateFulfilmentOrder(fo: FulfilmentOrder, serials: readonly string[]): Promise<void>;
  /** Fulfilment orders created at each node since `sinceMs` (capacity per day); absent = 0. */
  fulfilmentOrdersSince(nodes: readonly string[], sinceMs: number): Promise<Record<string, number>>;
  saveShortPick(sp: ShortPick): Promise<void>;
  shortPicksOf(orderId: string): Promise<ShortPick[]>;
  scheduleTimer(kind: TimerKind, subjectId: string, dueAtMs: number): Promise<void>;
  setTimerStatus(kind: TimerKind, subjectId: string, status: Exclude<TimerStatus, 'pending'>): Promise<void>;
  insertNotification(message: CustomerNotification, nowMs: number): Promise<void>;
  /** Positions of the SKUs whose `available` is negative while reserved or allocated units sit there. */
  oversoldPositions(skus: readonly string[], limit: number): Promise<Position[]>;
  /** Active reservations and allocated fulfilment orders holding `sku` at `node`, oldest first. */
  holdsAt(sku: string, node: string, limit: number): Promise<Holds>;
  /** Replaces the lines of an active reservation (conflict re-sourcing moved some units). */
  replaceReservationLines(id: string, lines: readonly ReservationLine[]): Promise<void>;
}

export type CaseFilter = { readonly type?: CaseType; readonly status?: CaseStatus };

/** Everything `GET /v1/orders/{id}` shows. */
export type OrderView = OrderRecord & {
  readonly fulfilmentOrders: readonly FulfilmentOrderRecord[];
  readonly shortPicks: readonly ShortPick[];
  readonly notifications: readonly NotificationRecord[];
};

/** Committed workflow rows, for the HTTP API and the expiry sweeper. */
export interface WorkflowRepository {
  reservation(id: string): Promise<ReservationRecord | undefined>;
  order(id: string): Promise<OrderView | undefined>;
  /** Pending timers due at or before `nowMs`, soonest first. */
  dueTimers(nowMs: number, limit: number): Promise<Timer[]>;
  timer(kind: TimerKind, subjectId: string): Promise<Timer | undefined>;
  listCases(filter: CaseFilter, page: PageRequest): Promise<Page<CaseRecord>>;
  getCase(id: number): Promise<CaseRecord | undefined>;
}
