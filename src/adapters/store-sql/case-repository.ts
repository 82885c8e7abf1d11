import type { CaseStatus, CaseType } from '../../core/cases/case-vocabulary.ts';
import type { AuditEntryInput } from '../../ports/audit-log.ts';
import type {
  CaseActionWrite,
  CaseListFilter,
  CaseOpening,
  CaseRecord,
  CaseRepository,
  CaseRoutingFacts,
  CaseStats,
  CaseWithHistory,
  OpenedCase,
} from '../../ports/case-store.ts';
import type { Page, PageRequest } from '../../ports/store.ts';
import { insertAuditEntry } from './audit-log-repository.ts';
import { toCase, toCaseAction } from './case-row-mapper.ts';
import { asSharedTables, type CaseDb, withCaseTables } from './case-tables.ts';
import { LIVE_CASE_PREDICATE, readRoutingFacts, upsertCase } from './case-writes.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { WriteGate } from './write-gate.ts';

/**
 * Committed cases on SQLite and PostgreSQL: lists and history for the HTTP API, operator actions
 * (one transaction each, with their history and audit entries), and cases opened outside the
 * ledger. Writes pass the write gate, so on SQLite they never interleave with an open ledger
 * transaction on the writer connection.
 */
export class SqlCaseRepository implements CaseRepository {
  private readonly read: CaseDb;
  private readonly write: CaseDb;

  constructor(
    dbs: SqlConnections,
    private readonly gate: WriteGate,
  ) {
    this.read = withCaseTables(dbs.read);
    this.write = withCaseTables(dbs.write);
  }

  routingFacts(sku: string | null, node: string | null): Promise<CaseRoutingFacts> {
    return readRoutingFacts(this.read, sku, node);
  }

  open(opening: CaseOpening, nowMs: number): Promise<OpenedCase> {
    return this.gate.run(() => this.write.transaction().execute((trx) => upsertCase(trx, opening, nowMs)));
  }

  /**
   *   select * from "case" where type = ? and status = ? and queue = ? and sku = ? and node = ?
   *     [and status in ('open', 'acknowledged') and sla_due_at < :now] and id > :cursor
   *   order by id limit :limit + 1
   */
  async list(filter: CaseListFilter, page: PageRequest): Promise<Page<CaseRecord>> {
    let q = this.read
      .selectFrom('case')
      .selectAll()
      .orderBy('id')
      .limit(page.limit + 1);
    if (filter.type !== undefined) q = q.where('type', '=', filter.type);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.queue !== undefined) q = q.where('queue', '=', filter.queue);
    if (filter.sku !== undefined) q = q.where('sku', '=', filter.sku);
    if (filter.node !== undefined) q = q.where('node', '=', filter.node);
    if (filter.overdueAtMs !== undefined) q = q.where(LIVE_CASE_PREDICATE).where('sla_due_at', '<', filter.overdueAtMs);
    if (page.cursor) q = q.where('id', '>', decodeCursor(page.cursor, 'number'));
    return toPage(await q.execute(), page.limit, toCase, (r) => Number(r.id));
  }

  async get(id: number, historyMax: number): Promise<CaseWithHistory | undefined> {
    const row = await this.read.selectFrom('case').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    const newest = await this.read.selectFrom('case_action').selectAll().where('case_id', '=', id).orderBy('id', 'desc').limit(historyMax).execute();
    return { ...toCase(row), history: newest.reverse().map(toCaseAction) };
  }

  /**
   *   begin;
   *   update "case" set status = …, assignee = …, … where id = :id and status = :from and assignee is [not distinct from] :fromAssignee;
   *   insert into case_action (…); insert into audit_entry (…);   -- only when one row was updated
   *   commit;
   */
  applyAction(w: CaseActionWrite, audit: AuditEntryInput): Promise<'applied' | 'stale'> {
    return this.gate.run(() =>
      this.write.transaction().execute(async (trx) => {
        let update = trx
          .updateTable('case')
          .set({
            status: w.next.status,
            assignee: w.next.assignee,
            acknowledged_at: w.next.acknowledgedAtMs,
            closed_at: w.next.closedAtMs,
            closed_by: w.next.closedBy,
            resolution_note: w.next.resolutionNote,
            updated_at: w.atMs,
          })
          .where('id', '=', w.caseId)
          .where('status', '=', w.fromStatus);
        update = w.fromAssignee === null ? update.where('assignee', 'is', null) : update.where('assignee', '=', w.fromAssignee);
        const updated = await update.executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) return 'stale' as const;
        await trx.insertInto('case_action').values({ case_id: w.caseId, action: w.action, actor: w.actor, note: w.note, at: w.atMs }).execute();
        await insertAuditEntry(asSharedTables(trx), audit);
        return 'applied' as const;
      }),
    );
  }

  /** Three aggregate queries: counts by (type, status), live and past due, closed after due. */
  async stats(nowMs: number): Promise<CaseStats> {
    const counts = await this.read
      .selectFrom('case')
      .select(['type', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['type', 'status'])
      .orderBy('type')
      .orderBy('status')
      .execute();
    const overdue = await this.read
      .selectFrom('case')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(LIVE_CASE_PREDICATE)
      .where('sla_due_at', '<', nowMs)
      .executeTakeFirst();
    const late = await this.read
      .selectFrom('case')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['resolved', 'dismissed'])
      .whereRef('closed_at', '>', 'sla_due_at')
      .executeTakeFirst();
    return {
      byTypeAndStatus: counts.map((r) => ({ type: r.type as CaseType, status: r.status as CaseStatus, count: Number(r.n) })),
      openOverdue: Number(overdue?.n ?? 0),
      closedLate: Number(late?.n ?? 0),
    };
  }
}
