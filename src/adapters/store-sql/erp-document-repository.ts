import { type Selectable, sql } from 'kysely';
import type { ErpDocument, ErpDocumentType } from '../../core/erp-documents/erp-document.ts';
import {
  ERP_DOCUMENT_STATUSES,
  type ErpDocumentFilter,
  type ErpDocumentRecord,
  type ErpDocumentRepository,
  type ErpDocumentRetryOutcome,
  type ErpDocumentStatus,
} from '../../ports/erp-documents.ts';
import type { Page, PageRequest } from '../../ports/store.ts';
import { type ErpDb, type ErpTables, withErpTables } from './erp-document-table.ts';
import { clipError, countRowsByStatus, markPendingDead, markPendingForRetry } from './leased-queue-marks.ts';
import { decodeCursor, toPage } from './page-cursor.ts';
import type { SqlConnections } from './sql-connections.ts';
import type { WriteGate } from './write-gate.ts';

export type ErpDocumentRow = Selectable<ErpTables['erp_document']>;

/**
 * Runs the claim the way the database needs: SQLite under the write gate (one statement on the one
 * writer is atomic), PostgreSQL in a short transaction behind an advisory lock (`postgres-erp-documents.ts`).
 */
export type ErpClaimRunner = (claim: (db: ErpDb) => Promise<ErpDocumentRow[]>) => Promise<ErpDocumentRow[]>;

export function toErpDocumentRecord(r: ErpDocumentRow): ErpDocumentRecord {
  const document = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as ErpDocument;
  return {
    id: Number(r.id),
    idempotencyKey: r.idempotency_key,
    type: r.type as ErpDocumentType,
    document,
    causedAtMs: Number(r.caused_at_ms),
    createdAtMs: Number(r.created_at_ms),
    status: r.status as ErpDocumentStatus,
    attempts: Number(r.attempts),
    nextAttemptAtMs: Number(r.next_attempt_at_ms),
    lastError: r.last_error,
    leaseUntilMs: Number(r.lease_until_ms),
    deliveredAtMs: r.delivered_at_ms === null ? null : Number(r.delivered_at_ms),
    erpReference: r.erp_reference,
  };
}

/**
 * The claim, portable SQL: due, unleased pending documents, oldest first, except those behind an
 * older pending document of their type that is not claimable now (not yet due, or leased
 * elsewhere). With `order by id limit`, what a claim takes of one type is a prefix of that type's
 * queue, so one type is delivered in order of creation.
 *
 *   update erp_document set lease_until_ms = :now + :lease
 *   where id in (select o.id from erp_document o
 *                where o.status = 'pending' and o.next_attempt_at_ms <= :now and o.lease_until_ms <= :now
 *                  and not exists (select 1 from erp_document b
 *                                  where b.type = o.type and b.status = 'pending' and b.id < o.id
 *                                    and (b.next_attempt_at_ms > :now or b.lease_until_ms > :now))
 *                order by o.id limit :limit)
 *   returning *
 */
export function claimErpDocumentsStatement(db: ErpDb, nowMs: number, limit: number, leaseMs: number): Promise<ErpDocumentRow[]> {
  return db
    .updateTable('erp_document')
    .set({ lease_until_ms: nowMs + leaseMs })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('erp_document as o')
        .select('o.id')
        .where('o.status', '=', 'pending')
        .where('o.next_attempt_at_ms', '<=', nowMs)
        .where('o.lease_until_ms', '<=', nowMs)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('erp_document as b')
                .select(sql<number>`1`.as('one'))
                .whereRef('b.type', '=', 'o.type')
                .whereRef('b.id', '<', 'o.id')
                .where('b.status', '=', 'pending')
                .where((b) => b.or([b('b.next_attempt_at_ms', '>', nowMs), b('b.lease_until_ms', '>', nowMs)])),
            ),
          ),
        )
        .orderBy('o.id')
        .limit(limit),
    )
    .returningAll()
    .execute();
}

/**
 * `ErpDocumentRepository` on SQLite and PostgreSQL. Every mark is guarded by `status = 'pending'`,
 * so a late dispatcher (its lease ran out and another one delivered the document) changes nothing.
 * Writes go through the `WriteGate`; reads use the read connection.
 */
export class SqlErpDocumentRepository implements ErpDocumentRepository {
  readonly #read: ErpDb;
  readonly #write: ErpDb;

  constructor(
    dbs: SqlConnections,
    private readonly gate: WriteGate,
    private readonly runClaim: ErpClaimRunner,
  ) {
    this.#read = withErpTables(dbs.read);
    this.#write = withErpTables(dbs.write);
  }

  async claimDue(nowMs: number, limit: number, leaseMs: number): Promise<ErpDocumentRecord[]> {
    const rows = await this.runClaim((db) => claimErpDocumentsStatement(db, nowMs, limit, leaseMs));
    return rows.map(toErpDocumentRecord).sort((a, b) => a.id - b.id); // RETURNING order is unspecified
  }

  async markDelivered(id: number, deliveredAtMs: number, erpReference: string | null): Promise<void> {
    await this.#updatePending(id, {
      status: 'delivered',
      delivered_at_ms: deliveredAtMs,
      erp_reference: erpReference === null ? null : clipError(erpReference),
      lease_until_ms: 0,
    });
  }

  async markRetry(id: number, nextAttemptAtMs: number, error: string): Promise<void> {
    await this.gate.run(() => markPendingForRetry(this.#write, 'erp_document', id, nextAttemptAtMs, error));
  }

  async markDead(id: number, error: string): Promise<void> {
    await this.gate.run(() => markPendingDead(this.#write, 'erp_document', id, error));
  }

  async defer(id: number, nextAttemptAtMs: number): Promise<void> {
    await this.#updatePending(id, { next_attempt_at_ms: nextAttemptAtMs, lease_until_ms: 0 });
  }

  async list(filter: ErpDocumentFilter, page: PageRequest): Promise<Page<ErpDocumentRecord>> {
    let q = this.#read
      .selectFrom('erp_document')
      .selectAll()
      .orderBy('id')
      .limit(page.limit + 1);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.type !== undefined) q = q.where('type', '=', filter.type);
    if (page.cursor !== null) q = q.where('id', '>', decodeCursor(page.cursor, 'number'));
    return toPage(await q.execute(), page.limit, toErpDocumentRecord, (r) => Number(r.id));
  }

  async get(id: number): Promise<ErpDocumentRecord | undefined> {
    const row = await this.#read.selectFrom('erp_document').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toErpDocumentRecord(row);
  }

  /**
   *   update erp_document set status = 'pending', attempts = 0, next_attempt_at_ms = :now, lease_until_ms = 0
   *   where id = :id and status = 'dead'
   * then, when nothing changed, a read says whether the row is missing or not dead.
   */
  async retry(id: number, nowMs: number): Promise<ErpDocumentRetryOutcome> {
    const revived = await this.gate.run(() =>
      this.#write
        .updateTable('erp_document')
        .set({ status: 'pending', attempts: 0, next_attempt_at_ms: nowMs, lease_until_ms: 0 })
        .where('id', '=', id)
        .where('status', '=', 'dead')
        .executeTakeFirst(),
    );
    if (Number(revived.numUpdatedRows) > 0) return 'pending';
    return (await this.get(id)) === undefined ? 'not_found' : 'not_dead';
  }

  async *createdSince(sinceMs: number, chunkRows: number): AsyncIterable<ErpDocumentRecord[]> {
    let after = 0;
    for (;;) {
      const rows = await this.#read
        .selectFrom('erp_document')
        .selectAll()
        .where('created_at_ms', '>=', sinceMs)
        .where('id', '>', after)
        .orderBy('id')
        .limit(chunkRows)
        .execute();
      if (rows.length === 0) return;
      yield rows.map(toErpDocumentRecord);
      after = Number(rows[rows.length - 1]?.id);
      if (rows.length < chunkRows) return;
    }
  }

  countByStatus(): Promise<Record<ErpDocumentStatus, number>> {
    return countRowsByStatus(this.#read, 'erp_document', ERP_DOCUMENT_STATUSES);
  }

  async #updatePending(id: number, values: Partial<Omit<ErpDocumentRow, 'id'>>): Promise<void> {
    await this.gate.run(() => this.#write.updateTable('erp_document').set(values).where('id', '=', id).where('status', '=', 'pending').execute());
  }
}
