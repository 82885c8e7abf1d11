import type { Kysely } from 'kysely';
import type { Movement } from '../../core/ledger/movement.ts';
import type { Position } from '../../core/ledger/position.ts';
import type { FulfilmentOrder } from '../../core/orders/fulfilment-order.ts';
import type { ShortPick } from '../../core/orders/short-pick.ts';
import type { CustomerNotification } from '../../core/orders/workflow-effect.ts';
import type { Reservation, ReservationLine } from '../../core/reservations/reservation.ts';
import type {
  FulfilmentOrderRecord,
  GuardOutcome,
  Holds,
  OrderRecord,
  ReservationRecord,
  SourcingMasterData,
  SourcingReads,
  TimerKind,
  TimerStatus,
  WorkflowTransaction,
} from '../../ports/workflow-store.ts';
import { toPosition } from './ledger-reads.ts';
import { toChannel, toItem, toNode } from './master-data-repository.ts';
import type { Tables } from './tables.ts';
import { shortPickRow, toFulfilmentOrderRecord, toOrderRecord, toReservationRecord, toShortPick } from './workflow-row-mappers.ts';

/** The `reservation` row of a record (JSON columns as text), for every adapter's insert. */
export const reservationRow = (r: ReservationRecord) => ({
  id: r.id,
  idempotency_key: r.idempotencyKey,
  request_hash: r.requestHash,
  channel: r.channelId,
  order_ref: r.orderRef,
  status: r.status,
  lines: JSON.stringify(r.lines),
  ship_to: r.shipTo === null ? null : JSON.stringify(r.shipTo),
  trace: JSON.stringify(r.trace),
  created_at: r.createdAtMs,
  expires_at: r.expiresAtMs,
  closed_at: r.closedAtMs,
  order_id: r.orderId,
});

/** The `sales_order` row of a record. */
export const orderRow = (o: OrderRecord) => ({
  id: o.id,
  idempotency_key: o.idempotencyKey,
  request_hash: o.requestHash,
  channel: o.channelId,
  order_ref: o.orderRef,
  reservation_id: o.reservationId,
  method: o.method,
  pickup_node: o.pickupNode,
  ship_to: o.shipTo === null ? null : JSON.stringify(o.shipTo),
  lines: JSON.stringify(o.lines),
  trace: JSON.stringify(o.trace),
  next_fulfilment_seq: o.nextFulfilmentSeq,
  created_at: o.createdAtMs,
});

/** The `fulfilment_order` row of a new fulfilment order (no serials yet). */
export const fulfilmentOrderRow = (fo: FulfilmentOrder, nowMs: number) => ({
  id: fo.id,
  order_id: fo.orderId,
  channel: fo.channelId,
  node: fo.node,
  status: fo.status,
  lines: JSON.stringify(fo.lines),
  serials: '[]',
  created_at: nowMs,
  updated_at: fo.updatedAtMs,
});

/**
 * Workflow rows inside the ledger transaction, the same Kysely on both databases. The adapter
 * passes a Kysely bound to the transaction's own connection (never the pool: a second connection
 * would not see the transaction's writes, and could exhaust the pool) and says whether row locks
 * exist (`for update` on PostgreSQL; SQLite has one writer, so every read is already exclusive).
 * Only the guarded movements differ by database: each adapter implements them with its own SQL.
 */
export abstract class SqlWorkflowTransaction implements WorkflowTransaction {
  constructor(
    protected readonly db: Kysely<Tables>,
    private readonly rowLocks: boolean,
  ) {}

  abstract applyGuardedMovements(
    movements: readonly Movement[],
    eventSeq: number,
    floorOf: (sku: string, node: string) => number,
    recordedAtMs: number,
  ): Promise<GuardOutcome>;

  async sourcingMasterData(channelId: string, skus: readonly string[]): Promise<SourcingMasterData> {
    const channelRow = await this.db.selectFrom('channel').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
    const channel = channelRow && toChannel(channelRow);
    const nodeIds = channel?.nodes ?? [];
    const nodes =
      nodeIds.length === 0
        ? []
        : await this.db
            .selectFrom('node')
            .selectAll()
            .where('node_id', 'in', [...nodeIds])
            .orderBy('node_id')
            .execute();
    const items =
      skus.length === 0
        ? []
        : await this.db
            .selectFrom('item')
            .selectAll()
            .where('sku', 'in', [...new Set(skus)])
            .orderBy('sku')
            .execute();
    return { channel, nodes: nodes.map(toNode), items: items.map(toItem) };
  }

  async positionsAt(skus: readonly string[], nodes: readonly string[]): Promise<Position[]> {
    if (skus.length === 0 || nodes.length === 0) return [];
    const rows = await this.db
      .selectFrom('position')
      .selectAll()
      .where('sku', 'in', [...skus])
      .where('node', 'in', [...nodes])
      .execute();
    return rows.map(toPosition);
  }

  async sourcingReads(skus: readonly string[], nodes: readonly string[], sinceMs: number): Promise<SourcingReads> {
    return { positions: await this.positionsAt(skus, nodes), fulfilmentOrders: await this.fulfilmentOrdersSince(nodes, sinceMs) };
  }

  async insertReservation(r: ReservationRecord): Promise<void> {
    await this.db.insertInto('reservation').values(reservationRow(r)).execute();
    await this.insertReservationLines(r.id, r.lines);
    await this.scheduleTimer('reservation_expiry', r.id, r.expiresAtMs);
  }

  private async insertReservationLines(id: string, lines: readonly ReservationLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.db
      .insertInto('reservation_line')
      .values(lines.map((l) => ({ reservation_id: id, sku: l.sku, node: l.node, qty: l.qty })))
      .execute();
  }

  async lockReservation(id: string): Promise<ReservationRecord | undefined> {
    let q = this.db.selectFrom('reservation').selectAll().where('id', '=', id);
    if (this.rowLocks) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && toReservationRecord(row);
  }

  async reservationByKey(idempotencyKey: string): Promise<ReservationRecord | undefined> {
    const row = await this.db.selectFrom('reservation').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    return row && toReservationRecord(row);
  }

  async updateReservation(r: Reservation): Promise<void> {
    await this.db
      .updateTable('reservation')
      .set({ status: r.status, lines: JSON.stringify(r.lines), closed_at: r.closedAtMs, order_id: r.orderId })
      .where('id', '=', r.id)
      .execute();
    // A resolved reservation holds nothing: its lines leave the (sku, node) index the conflict step reads.
    if (r.status !== 'active') await this.db.deleteFrom('reservation_line').where('reservation_id', '=', r.id).execute();
  }

  async replaceReservationLines(id: string, lines: readonly ReservationLine[]): Promise<void> {
    await this.db.deleteFrom('reservation_line').where('reservation_id', '=', id).execute();
    await this.insertReservationLines(id, lines);
    await this.db
      .updateTable('reservation')
      .set({ lines: JSON.stringify(lines) })
      .where('id', '=', id)
      .execute();
  }

  async insertOrder(o: OrderRecord): Promise<void> {
    await this.db.insertInto('sales_order').values(orderRow(o)).execute();
  }

  async lockOrder(id: string): Promise<OrderRecord | undefined> {
    let q = this.db.selectFrom('sales_order').selectAll().where('id', '=', id);
    if (this.rowLocks) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && toOrderRecord(row);
  }

  async orderByKey(idempotencyKey: string): Promise<OrderRecord | undefined> {
    const row = await this.db.selectFrom('sales_order').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    return row && toOrderRecord(row);
  }

  async setNextFulfilmentSeq(orderId: string, nextFulfilmentSeq: number): Promise<void> {
    await this.db.updateTable('sales_order').set({ next_fulfilment_seq: nextFulfilmentSeq }).where('id', '=', orderId).execute();
  }

  async insertFulfilmentOrder(fo: FulfilmentOrder, nowMs: number): Promise<void> {
    await this.db.insertInto('fulfilment_order').values(fulfilmentOrderRow(fo, nowMs)).execute();
    await this.db
      .insertInto('fulfilment_line')
      .values(fo.lines.map((l) => ({ fulfilment_order_id: fo.id, sku: l.sku, node: fo.node })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async fulfilmentOrder(id: string): Promise<FulfilmentOrderRecord | undefined> {
    let q = this.db.selectFrom('fulfilment_order').selectAll().where('id', '=', id);
    if (this.rowLocks) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && toFulfilmentOrderRecord(row);
  }

  async fulfilmentOrdersOf(orderId: string): Promise<FulfilmentOrderRecord[]> {
    let q = this.db.selectFrom('fulfilment_order').selectAll().where('order_id', '=', orderId).orderBy('id');
    if (this.rowLocks) q = q.forUpdate();
    return (await q.execute()).map(toFulfilmentOrderRecord);
  }

  async updateFulfilmentOrder(fo: FulfilmentOrder, serials: readonly string[]): Promise<void> {
    await this.db
      .updateTable('fulfilment_order')
      .set({ status: fo.status, lines: JSON.stringify(fo.lines), serials: JSON.stringify(serials), updated_at: fo.updatedAtMs })
      .where('id', '=', fo.id)
      .execute();
  }

  async fulfilmentOrdersSince(nodes: readonly string[], sinceMs: number): Promise<Record<string, number>> {
    if (nodes.length === 0) return {};
    const rows = await this.db
      .selectFrom('fulfilment_order')
      .select(['node', (eb) => eb.fn.countAll<number>().as('n')])
      .where('node', 'in', [...nodes])
      .where('created_at', '>=', sinceMs)
      .groupBy('node')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.node, Number(r.n)]));
  }

  async saveShortPick(sp: ShortPick): Promise<void> {
    const row = shortPickRow(sp);
    const { id: _id, ...changes } = row;
    await this.db
      .insertInto('short_pick')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(changes))
      .execute();
  }

  async shortPicksOf(orderId: string): Promise<ShortPick[]> {
    return (await this.db.selectFrom('short_pick').selectAll().where('order_id', '=', orderId).orderBy('id').execute()).map(toShortPick);
  }

  async scheduleTimer(kind: TimerKind, subjectId: string, dueAtMs: number): Promise<void> {
    await this.db
      .insertInto('timer')
      .values({ kind, subject_id: subjectId, due_at: dueAtMs, status: 'pending' })
      .onConflict((oc) => oc.columns(['kind', 'subject_id']).doUpdateSet({ due_at: dueAtMs, status: 'pending' }))
      .execute();
  }

  async setTimerStatus(kind: TimerKind, subjectId: string, status: Exclude<TimerStatus, 'pending'>): Promise<void> {
    await this.db.updateTable('timer').set({ status }).where('kind', '=', kind).where('subject_id', '=', subjectId).execute();
  }

  async insertNotification(message: CustomerNotification, nowMs: number): Promise<void> {
    await this.db
      .insertInto('customer_notification')
      .values({ order_id: message.orderId, channel: message.channelId, reason: message.reason, payload: JSON.stringify(message), created_at: nowMs })
      .execute();
  }

  async oversoldPositions(skus: readonly string[], limit: number): Promise<Position[]> {
    if (skus.length === 0) return [];
    const rows = await this.db
      .selectFrom('position')
      .selectAll()
      .where('sku', 'in', [...skus])
      .where('available', '<', 0)
      .where((eb) => eb.or([eb('reserved', '>', 0), eb('allocated', '>', 0)]))
      .orderBy('sku')
      .orderBy('node')
      .limit(limit)
      .execute();
    return rows.map(toPosition);
  }

  async holdsAt(sku: string, node: string, limit: number): Promise<Holds> {
    let rq = this.db
      .selectFrom('reservation as r')
      .innerJoin('reservation_line as l', 'l.reservation_id', 'r.id')
      .selectAll('r')
      .where('l.sku', '=', sku)
      .where('l.node', '=', node)
      .where('r.status', '=', 'active')
      .orderBy('r.created_at')
      .orderBy('r.id')
      .limit(limit);
    if (this.rowLocks) rq = rq.forUpdate();
    let fq = this.db
      .selectFrom('fulfilment_order as f')
      .innerJoin('fulfilment_line as l', 'l.fulfilment_order_id', 'f.id')
      .selectAll('f')
      .where('l.sku', '=', sku)
      .where('l.node', '=', node)
      .where('f.status', '=', 'allocated')
      .orderBy('f.created_at')
      .orderBy('f.id')
      .limit(limit);
    if (this.rowLocks) fq = fq.forUpdate();
    return { reservations: (await rq.execute()).map(toReservationRecord), fulfilmentOrders: (await fq.execute()).map(toFulfilmentOrderRecord) };
  }
}
