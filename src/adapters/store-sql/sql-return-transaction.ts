import type { Kysely } from 'kysely';
import { limits } from '../../core/limits.ts';
import type { ReturnAuthorisation } from '../../core/returns/return-authorisation.ts';
import type { ReturnHistoryEntry } from '../../core/returns/return-history.ts';
import type { SerialSale } from '../../core/returns/serial-check.ts';
import type { ReturnTransaction, SoldSerialRow } from '../../ports/return-store.ts';
import { returnRow, toReturn, unitRow } from './return-rows.ts';
import { type ReturnDb, withReturnTables } from './return-tables.ts';
import type { Tables } from './tables.ts';

/**
 * Returns rows inside the ledger transaction, the same Kysely on both databases. Like
 * `SqlWorkflowTransaction`, it is given a Kysely bound to the transaction's own connection and
 * whether row locks exist (`for update` on PostgreSQL; SQLite's one writer makes every read exclusive).
 */
export class SqlReturnTransaction implements ReturnTransaction {
  private readonly db: ReturnDb;

  constructor(
    db: Kysely<Tables>,
    private readonly rowLocks: boolean,
  ) {
    this.db = withReturnTables(db);
  }

  async insertReturn(r: ReturnAuthorisation): Promise<void> {
    await this.db.insertInto('return_authorisation').values(returnRow(r)).execute();
    for (let i = 0; i < r.units.length; i += limits.sqlRowsPerStatementMax / 2) {
      await this.db
        .insertInto('return_unit')
        .values(r.units.slice(i, i + limits.sqlRowsPerStatementMax / 2).map((u) => unitRow(r.id, u)))
        .execute();
    }
  }

  async lockReturn(id: string): Promise<ReturnAuthorisation | undefined> {
    let q = this.db.selectFrom('return_authorisation').selectAll().where('id', '=', id);
    if (this.rowLocks) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (row === undefined) return undefined;
    const units = await this.db.selectFrom('return_unit').selectAll().where('return_id', '=', id).orderBy('unit_no').execute();
    return toReturn(row, units);
  }

  /** Unit rows are rewritten only when they changed: a 500-unit return inspected line by line stays cheap. */
  async saveReturn(r: ReturnAuthorisation): Promise<void> {
    const { id: _id, ...header } = returnRow(r);
    await this.db.updateTable('return_authorisation').set(header).where('id', '=', r.id).execute();
    for (const u of r.units) {
      if (u.updatedAtMs !== r.updatedAtMs) continue;
      const { return_id: _r, unit_no: _n, ...changes } = unitRow(r.id, u);
      await this.db.updateTable('return_unit').set(changes).where('return_id', '=', r.id).where('unit_no', '=', u.unitNo).execute();
    }
  }

  async appendHistory(returnId: string, entries: readonly ReturnHistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db
      .insertInto('return_history')
      .values(entries.map((e) => ({ return_id: returnId, at: e.atMs, action: e.action, unit_no: e.unitNo, sku: e.sku, details: JSON.stringify(e.details) })))
      .execute();
  }

  async recordSoldSerials(rows: readonly SoldSerialRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += limits.sqlRowsPerStatementMax) {
      await this.db
        .insertInto('sold_serial')
        .values(
          rows.slice(i, i + limits.sqlRowsPerStatementMax).map((s) => ({
            sku: s.sku,
            serial: s.serial,
            order_ref: s.orderRef,
            order_id: s.orderId,
            node: s.node,
            sold_at: s.soldAtMs,
            event_seq: s.eventSeq,
          })),
        )
        .execute();
    }
  }

  async serialSales(keys: readonly { readonly sku: string; readonly serial: string }[]): Promise<SerialSale[]> {
    if (keys.length === 0) return [];
    const rows = await this.db
      .selectFrom('sold_serial')
      .selectAll()
      .where((eb) => eb.or(keys.map((k) => eb.and([eb('sku', '=', k.sku), eb('serial', '=', k.serial)]))))
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ sku: r.sku, serial: r.serial, orderRef: r.order_ref, orderId: r.order_id, node: r.node, soldAtMs: Number(r.sold_at) }));
  }

  /**
   * The latest order of `channel` whose reference or id is `orderRef`, as two indexed lookups:
   * `channel = ? and (order_ref = ? or id = ?)` used the (channel, order_ref) index for the channel
   * only (neither database splits an OR under an AND into index lookups), so every inspection read
   * all of the channel's orders and slowed down as orders piled up.
   *
   * select max(created_at) as created_at from (
   *   select created_at from sales_order where channel = ? and order_ref = ?
   *   union all select created_at from sales_order where channel = ? and id = ?) as o
   */
  async orderPlacedAtMs(channel: string, orderRef: string): Promise<number | undefined> {
    const byRef = this.db.selectFrom('sales_order').select('created_at').where('channel', '=', channel).where('order_ref', '=', orderRef);
    const byId = this.db.selectFrom('sales_order').select('created_at').where('channel', '=', channel).where('id', '=', orderRef);
    const row = await this.db
      .selectFrom(byRef.unionAll(byId).as('o'))
      .select((eb) => eb.fn.max('o.created_at').as('created_at'))
      .executeTakeFirst();
    return row?.created_at === undefined || row.created_at === null ? undefined : Number(row.created_at);
  }

  async orderRefsOf(orderIds: readonly string[]): Promise<Map<string, string>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('sales_order')
      .select(['id', 'order_ref'])
      .where('id', 'in', [...new Set(orderIds)])
      .execute();
    return new Map(rows.map((r) => [r.id, r.order_ref]));
  }
}
