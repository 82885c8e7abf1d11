import type Database from 'better-sqlite3';
import type { ErpDocument } from '../../core/erp-documents/erp-document.ts';

/**
 * Writes ERP documents inside the ledger transaction open on the SQLite writer (it opens none:
 * a document committed apart from its movement could describe a fact that never happened). A
 * document whose key exists is skipped: the first document of a fact wins.
 *
 *   insert into erp_document (idempotency_key, type, payload, caused_at_ms, created_at_ms, next_attempt_at_ms)
 *   values (?, ?, ?, ?, ?, ?) on conflict (idempotency_key) do nothing
 */
export class SqliteErpDocumentStatements {
  readonly #insert;

  constructor(db: Database.Database) {
    this.#insert = db.prepare<[string, string, string, number, number, number]>(
      `insert into erp_document (idempotency_key, type, payload, caused_at_ms, created_at_ms, next_attempt_at_ms)
       values (?, ?, ?, ?, ?, ?) on conflict (idempotency_key) do nothing`,
    );
  }

  /** Inserts in order (ids follow), each due at once; returns how many were new. */
  write(documents: readonly ErpDocument[], createdAtMs: number): number {
    let inserted = 0;
    for (const d of documents) inserted += this.#insert.run(d.idempotencyKey, d.type, JSON.stringify(d), d.occurredAtMs, createdAtMs, createdAtMs).changes;
    return inserted;
  }
}
