import type { Kysely, Selectable } from 'kysely';
import type { AuditAction, AuditEntry, AuditEntryInput, AuditFilter, AuditLog } from '../../ports/audit-log.ts';
import type { PageRequest } from '../../ports/store.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { Tables } from './tables.ts';
import type { WriteGate } from './write-gate.ts';

const toAuditEntry = (r: Selectable<Tables['audit_entry']>): AuditEntry => ({
  seq: Number(r.seq),
  atMs: Number(r.at),
  actor: r.actor,
  action: r.action as AuditAction,
  subject: r.subject,
  details: JSON.parse(r.details) as unknown,
});

/**
 * Inserts one audit row on `db` (a connection or an open transaction) and returns its `seq`.
 * Exported so another repository can audit inside its own transaction (a policy version and its
 * `policy.updated` entry commit together).
 *
 *   insert into audit_entry (at, actor, action, subject, details) values (?, ?, ?, ?, ?) returning seq
 */
export async function insertAuditEntry(db: Kysely<Tables>, entry: AuditEntryInput): Promise<number> {
  const row = await db
    .insertInto('audit_entry')
    .values({ at: entry.atMs, actor: entry.actor, action: entry.action, subject: entry.subject, details: JSON.stringify(entry.details ?? null) })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

/**
 * The append-only audit log on SQLite and PostgreSQL. Only `insert` and `select` here; the
 * schema's triggers reject UPDATE and DELETE on `audit_entry` (tested in test/contract/store).
 */
export class SqlAuditLogRepository implements AuditLog {
  constructor(
    private readonly dbs: SqlConnections,
    private readonly gate: WriteGate,
  ) {}

  append(entry: AuditEntryInput): Promise<number> {
    return this.gate.run(() => insertAuditEntry(this.dbs.write, entry));
  }

  /**
   *   select * from audit_entry where action = ? and subject = ? and at >= ? and seq > :cursor
   *   order by seq limit :limit + 1
   */
  async list(filter: AuditFilter, page: PageRequest) {
    let q = this.dbs.read
      .selectFrom('audit_entry')
      .selectAll()
      .orderBy('seq')
      .limit(page.limit + 1);
    if (filter.action !== undefined) q = q.where('action', '=', filter.action);
    if (filter.subject !== undefined) q = q.where('subject', '=', filter.subject);
    if (filter.sinceMs !== undefined) q = q.where('at', '>=', filter.sinceMs);
    if (page.cursor) q = q.where('seq', '>', decodeCursor(page.cursor, 'number'));
    return toPage(await q.execute(), page.limit, toAuditEntry, (r) => Number(r.seq));
  }
}
