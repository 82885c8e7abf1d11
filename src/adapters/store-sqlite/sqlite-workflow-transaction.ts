import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Movement } from '../../core/ledger/movement.ts';
import type { Position } from '../../core/ledger/position.ts';
import type { FulfilmentOrder } from '../../core/orders/fulfilment-order.ts';
import type { Reservation } from '../../core/reservations/reservation.ts';
import type { GuardOutcome, OrderRecord, ReservationRecord, SourcingMasterData, TimerKind, TimerStatus } from '../../ports/workflow-store.ts';
import { guardedPlan } from '../store-sql/guarded-plan.ts';
import { toPosition } from '../store-sql/ledger-reads.ts';
import { toChannel, toItem, toNode } from '../store-sql/master-data-repository.ts';
import { fulfilmentOrderRow, orderRow, reservationRow, SqlWorkflowTransaction } from '../store-sql/sql-workflow-transaction.ts';
import type { Tables } from '../store-sql/tables.ts';
import { toReservationRecord } from '../store-sql/workflow-row-mappers.ts';
import { withStatementCache } from './statement-cache.ts';

type Row<T extends keyof Tables> = Tables[T];

/**
 * The statements of the reservation and order hot path (reserve, confirm, release, expire, place),
 * and the reads every ledger transaction's after-steps make (oversold positions, items), prepared
 * once per writer connection. Building each with Kysely cost more than running it: a
 * reservation is about ten statements, each a few microseconds in SQLite and tens of microseconds
 * to compile. The rarer steps (short picks, resolving conflicts, cases) keep the shared Kysely code.
 */
class SqliteWorkflowStatements {
  /** `update position set available = available - :qty where sku = :sku and node = :node and available - :qty >= :floor` */
  readonly guard;
  /** Undoes a guard that passed when a later one of the same command failed. */
  readonly giveBack;
  readonly positionsOfSku;
  readonly fulfilmentOrdersAtNodes;
  readonly insertReservation;
  readonly insertReservationLine;
  readonly reservationById;
  readonly reservationByKey;
  readonly updateReservation;
  readonly deleteReservationLines;
  readonly insertOrder;
  readonly insertFulfilmentOrder;
  readonly insertFulfilmentLine;
  readonly upsertTimer;
  readonly setTimerStatus;
  readonly oversoldPositions;
  readonly oversoldPositionsOfSku;
  readonly channelById;
  readonly nodesByIds;
  readonly itemsBySkus;

  constructor(db: Database.Database) {
    this.guard = db.prepare<{ sku: string; node: string; qty: number; floor: number }>(
      'update position set available = available - :qty where sku = :sku and node = :node and available - :qty >= :floor',
    );
    this.giveBack = db.prepare<{ sku: string; node: string; qty: number }>(
      'update position set available = available + :qty where sku = :sku and node = :node',
    );
    this.positionsOfSku = db.prepare<[string], Row<'position'>>('select * from position where sku = ?');
    // Every candidate node of a sourcing (60 for a web order) in one statement, the nodes as a JSON array.
    this.fulfilmentOrdersAtNodes = db.prepare<[string, number], { node: string; n: number }>(
      'select node, count(*) as n from fulfilment_order where node in (select value from json_each(?)) and created_at >= ? group by node',
    );
    this.insertReservation = db.prepare(
      `insert into reservation (id, idempotency_key, request_hash, channel, order_ref, status, lines, ship_to, trace, created_at, expires_at, closed_at, order_id)
       values (:id, :idempotency_key, :request_hash, :channel, :order_ref, :status, :lines, :ship_to, :trace, :created_at, :expires_at, :closed_at, :order_id)`,
    );
    this.insertReservationLine = db.prepare<[string, string, string, number]>(
      'insert into reservation_line (reservation_id, sku, node, qty) values (?, ?, ?, ?)',
    );
    this.reservationById = db.prepare<[string], Row<'reservation'>>('select * from reservation where id = ?');
    this.reservationByKey = db.prepare<[string], Row<'reservation'>>('select * from reservation where idempotency_key = ?');
    this.updateReservation = db.prepare<[string, string, number | null, string | null, string]>(
      'update reservation set status = ?, lines = ?, closed_at = ?, order_id = ? where id = ?',
    );
    this.deleteReservationLines = db.prepare<[string]>('delete from reservation_line where reservation_id = ?');
    this.insertOrder = db.prepare(
      `insert into sales_order (id, idempotency_key, request_hash, channel, order_ref, reservation_id, method, pickup_node, ship_to, lines, trace, next_fulfilment_seq, created_at)
       values (:id, :idempotency_key, :request_hash, :channel, :order_ref, :reservation_id, :method, :pickup_node, :ship_to, :lines, :trace, :next_fulfilment_seq, :created_at)`,
    );
    this.insertFulfilmentOrder = db.prepare(
      `insert into fulfilment_order (id, order_id, channel, node, status, lines, serials, created_at, updated_at)
       values (:id, :order_id, :channel, :node, :status, :lines, :serials, :created_at, :updated_at)`,
    );
    this.insertFulfilmentLine = db.prepare<[string, string, string]>(
      'insert into fulfilment_line (fulfilment_order_id, sku, node) values (?, ?, ?) on conflict do nothing',
    );
    this.upsertTimer = db.prepare<[string, string, number]>(
      `insert into timer (kind, subject_id, due_at, status) values (?, ?, ?, 'pending')
       on conflict (kind, subject_id) do update set due_at = excluded.due_at, status = 'pending'`,
    );
    this.setTimerStatus = db.prepare<[string, string, string]>('update timer set status = ? where kind = ? and subject_id = ?');
    // Run after every ledger transaction (resolveConflicts): most touch one SKU; for more, the SKUs
    // as one JSON array, so one statement text serves any number of them.
    this.oversoldPositionsOfSku = db.prepare<[string, number], Row<'position'>>(
      'select * from position where sku = ? and available < 0 and (reserved > 0 or allocated > 0) order by node limit ?',
    );
    this.oversoldPositions = db.prepare<[string, number], Row<'position'>>(
      `select * from position where sku in (select value from json_each(?)) and available < 0 and (reserved > 0 or allocated > 0)
       order by sku, node limit ?`,
    );
    // Master data in the transaction: items for every ERP document and sold serial (after every
    // ledger transaction), a channel and its nodes when sourcing without the cache. Ids as one JSON
    // array, in the order of the shared Kysely reads.
    this.channelById = db.prepare<[string], Row<'channel'>>('select * from channel where channel_id = ?');
    this.nodesByIds = db.prepare<[string], Row<'node'>>('select * from node where node_id in (select value from json_each(?)) order by node_id');
    this.itemsBySkus = db.prepare<[string], Row<'item'>>('select * from item where sku in (select value from json_each(?)) order by sku');
  }
}

/**
 * Workflow writes on SQLite, on the single writer connection inside the open transaction. The
 * hot path runs prepared statements (see `SqliteWorkflowStatements`); the position deltas and
 * movement rows reuse the ingestion's prepared statements, so a reservation costs a handful of
 * microsecond-level steps. One writer means every read here is already exclusive: no row locks.
 */
export class SqliteWorkflowTransaction extends SqlWorkflowTransaction {
  private readonly hot: SqliteWorkflowStatements;

  constructor(
    db: Database.Database,
    /** The ingestion's prepared statements this class reuses (`SqliteIngestStatements`), typed structurally to keep the import one-way. */
    private readonly statements: { readonly upsertPosition: Database.Statement; readonly insertMovement: Database.Statement },
  ) {
    super(new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(db) }) }), false);
    this.hot = new SqliteWorkflowStatements(db);
  }

  async applyGuardedMovements(
    movements: readonly Movement[],
    eventSeq: number,
    floorOf: (sku: string, node: string) => number,
    recordedAtMs: number,
  ): Promise<GuardOutcome> {
    const plan = guardedPlan(movements, eventSeq, floorOf, recordedAtMs);
    for (const [i, d] of plan.demands.entries()) {
      if (this.hot.guard.run({ sku: d.sku, node: d.node, qty: d.qty, floor: d.floor }).changes === 0) {
        // Nothing of a failed command stays written: the single writer makes the inverse exact.
        for (const taken of plan.demands.slice(0, i)) this.hot.giveBack.run({ sku: taken.sku, node: taken.node, qty: taken.qty });
        return { ok: false, failedIndex: d.firstIndex };
      }
    }
    for (const d of plan.deltas) this.statements.upsertPosition.run(d);
    for (const m of plan.movementRows) this.statements.insertMovement.run(m);
    return { ok: true };
  }

  override async positionsAt(skus: readonly string[], nodes: readonly string[]): Promise<Position[]> {
    if (nodes.length === 0) return [];
    const wanted = new Set(nodes);
    // One primary-key range per SKU, filtered here: one statement text whatever the node count.
    return [...new Set(skus)].flatMap((sku) =>
      this.hot.positionsOfSku
        .all(sku)
        .filter((r) => wanted.has(r.node))
        .map(toPosition),
    );
  }

  override async sourcingMasterData(channelId: string, skus: readonly string[]): Promise<SourcingMasterData> {
    const channelRow = this.hot.channelById.get(channelId);
    const channel = channelRow && toChannel(channelRow);
    const nodeIds = channel?.nodes ?? [];
    const nodes = nodeIds.length === 0 ? [] : this.hot.nodesByIds.all(JSON.stringify(nodeIds));
    const items = skus.length === 0 ? [] : this.hot.itemsBySkus.all(JSON.stringify(skus));
    return { channel, nodes: nodes.map(toNode), items: items.map(toItem) };
  }

  override async oversoldPositions(skus: readonly string[], limit: number): Promise<Position[]> {
    if (skus.length === 0) return [];
    const rows =
      skus.length === 1 ? this.hot.oversoldPositionsOfSku.all(skus[0] as string, limit) : this.hot.oversoldPositions.all(JSON.stringify(skus), limit);
    return rows.map(toPosition);
  }

  override async fulfilmentOrdersSince(nodes: readonly string[], sinceMs: number): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    if (nodes.length === 0) return counts;
    for (const row of this.hot.fulfilmentOrdersAtNodes.all(JSON.stringify(nodes), sinceMs)) counts[row.node] = row.n;
    return counts;
  }

  override async insertReservation(r: ReservationRecord): Promise<void> {
    this.hot.insertReservation.run(reservationRow(r));
    for (const l of r.lines) this.hot.insertReservationLine.run(r.id, l.sku, l.node, l.qty);
    this.hot.upsertTimer.run('reservation_expiry', r.id, r.expiresAtMs);
  }

  override async lockReservation(id: string): Promise<ReservationRecord | undefined> {
    const row = this.hot.reservationById.get(id);
    return row && toReservationRecord(row);
  }

  override async reservationByKey(idempotencyKey: string): Promise<ReservationRecord | undefined> {
    const row = this.hot.reservationByKey.get(idempotencyKey);
    return row && toReservationRecord(row);
  }

  override async updateReservation(r: Reservation): Promise<void> {
    this.hot.updateReservation.run(r.status, JSON.stringify(r.lines), r.closedAtMs, r.orderId, r.id);
    // A resolved reservation holds nothing: its lines leave the (sku, node) index the conflict step reads.
    if (r.status !== 'active') this.hot.deleteReservationLines.run(r.id);
  }

  override async insertOrder(o: OrderRecord): Promise<void> {
    this.hot.insertOrder.run(orderRow(o));
  }

  override async insertFulfilmentOrder(fo: FulfilmentOrder, nowMs: number): Promise<void> {
    this.hot.insertFulfilmentOrder.run(fulfilmentOrderRow(fo, nowMs));
    for (const l of fo.lines) this.hot.insertFulfilmentLine.run(fo.id, l.sku, fo.node);
  }

  override async scheduleTimer(kind: TimerKind, subjectId: string, dueAtMs: number): Promise<void> {
    this.hot.upsertTimer.run(kind, subjectId, dueAtMs);
  }

  override async setTimerStatus(kind: TimerKind, subjectId: string, status: Exclude<TimerStatus, 'pending'>): Promise<void> {
    this.hot.setTimerStatus.run(status, kind, subjectId);
  }
}
