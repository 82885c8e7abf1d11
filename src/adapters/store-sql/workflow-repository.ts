import type { PageRequest } from '../../ports/store.ts';
import type { CaseFilter, CaseRecord, OrderView, ReservationRecord, Timer, TimerKind, WorkflowRepository } from '../../ports/workflow-store.ts';
import { toCase } from './case-row-mapper.ts';
import type { CaseTables } from './case-tables.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import { toFulfilmentOrderRecord, toNotificationRecord, toOrderRecord, toReservationRecord, toShortPick, toTimer } from './workflow-row-mappers.ts';

/** Committed workflow rows, the same SQL on SQLite and PostgreSQL. */
export class SqlWorkflowRepository implements WorkflowRepository {
  constructor(private readonly dbs: SqlConnections) {}

  async reservation(id: string): Promise<ReservationRecord | undefined> {
    const row = await this.dbs.read.selectFrom('reservation').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toReservationRecord(row);
  }

  async order(id: string): Promise<OrderView | undefined> {
    const db = this.dbs.read;
    const row = await db.selectFrom('sales_order').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    const [fos, sps, notes] = await Promise.all([
      db.selectFrom('fulfilment_order').selectAll().where('order_id', '=', id).orderBy('id').execute(),
      db.selectFrom('short_pick').selectAll().where('order_id', '=', id).orderBy('id').execute(),
      db.selectFrom('customer_notification').selectAll().where('order_id', '=', id).orderBy('id').execute(),
    ]);
    return {
      ...toOrderRecord(row),
      fulfilmentOrders: fos.map(toFulfilmentOrderRecord),
      shortPicks: sps.map(toShortPick),
      notifications: notes.map(toNotificationRecord),
    };
  }

  async dueTimers(nowMs: number, limit: number): Promise<Timer[]> {
    const rows = await this.dbs.read
      .selectFrom('timer')
      .selectAll()
      .where('status', '=', 'pending')
      .where('due_at', '<=', nowMs)
      .orderBy('due_at')
      .orderBy('subject_id')
      .limit(limit)
      .execute();
    return rows.map(toTimer);
  }

  async timer(kind: TimerKind, subjectId: string): Promise<Timer | undefined> {
    const row = await this.dbs.read.selectFrom('timer').selectAll().where('kind', '=', kind).where('subject_id', '=', subjectId).executeTakeFirst();
    return row && toTimer(row);
  }

  async listCases(filter: CaseFilter, page: PageRequest) {
    let q = this.dbs.read
      .withTables<CaseTables>()
      .selectFrom('case')
      .selectAll()
      .orderBy('id')
      .limit(page.limit + 1);
    if (filter.type) q = q.where('type', '=', filter.type);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (page.cursor) q = q.where('id', '>', decodeCursor(page.cursor, 'number'));
    return toPage(await q.execute(), page.limit, toCase, (r) => Number(r.id));
  }

  async getCase(id: number): Promise<CaseRecord | undefined> {
    const row = await this.dbs.read.withTables<CaseTables>().selectFrom('case').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCase(row);
  }
}
