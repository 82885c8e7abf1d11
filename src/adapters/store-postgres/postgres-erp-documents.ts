import { sql } from 'kysely';
import type pg from 'pg';
import type { ErpDocument } from '../../core/erp-documents/erp-document.ts';
import { limits } from '../../core/limits.ts';
import type { ErpClaimRunner } from '../store-sql/erp-document-repository.ts';
import type { ErpDb } from '../store-sql/erp-document-table.ts';

/** Advisory lock around an ERP claim: one constant, distinct from the outbox claim's 7150001. */
export const ERP_CLAIM_LOCK_KEY = 7_150_002;

/**
 * The PostgreSQL claim: under READ COMMITTED two claimers would not see each other's fresh
 * leases and could both take the head of a type's queue, so the claim runs behind
 * `pg_advisory_xact_lock` in a short transaction; delivery happens after it commits.
 */
export function postgresErpClaimRunner(db: ErpDb): ErpClaimRunner {
  return (claim) =>
    db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${sql.lit(ERP_CLAIM_LOCK_KEY)})`.execute(trx);
      return claim(trx);
    });
}

/** One statement per chunk: the documents as one JSON array, inserted in array order so identities follow it. */
const INSERT_ERP_DOCUMENTS_SQL = `
  insert into erp_document (idempotency_key, type, payload, caused_at_ms, created_at_ms, next_attempt_at_ms)
  select e.doc->>'idempotencyKey', e.doc->>'type', e.doc, (e.doc->>'occurredAtMs')::bigint, $2::bigint, $2::bigint
  from jsonb_array_elements($1::jsonb) with ordinality as e(doc, ord)
  order by e.ord
  on conflict (idempotency_key) do nothing`;

/**
 * Writes ERP documents inside the ledger transaction open on `client` (it opens none). Keys that
 * exist are skipped (`on conflict do nothing`); within one call the first document of a key wins.
 */
export async function insertErpDocuments(client: pg.ClientBase, documents: readonly ErpDocument[], createdAtMs: number): Promise<void> {
  for (let i = 0; i < documents.length; i += limits.sqlRowsPerStatementMax) {
    const chunk = documents.slice(i, i + limits.sqlRowsPerStatementMax);
    await client.query({ name: 'omnistock_insert_erp_documents', text: INSERT_ERP_DOCUMENTS_SQL, values: [JSON.stringify(chunk), createdAtMs] });
  }
}
