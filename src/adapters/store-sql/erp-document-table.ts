import type { Generated, Kysely } from 'kysely';
import type { Tables } from './tables.ts';

/**
 * The `erp_document` table (docs/erp-documents.md §2), kept beside `Tables` rather than in it so
 * the ERP module adds its table without editing the shared type; repositories reach it through
 * `withErpTables(db)`. `payload` is the whole normalised document: JSON text on SQLite, jsonb on
 * PostgreSQL.
 */
export type ErpTables = {
  erp_document: {
    id: Generated<number>;
    idempotency_key: string;
    type: string;
    payload: unknown;
    caused_at_ms: number;
    created_at_ms: number;
    status: Generated<string>;
    attempts: Generated<number>;
    next_attempt_at_ms: number;
    last_error: string | null;
    lease_until_ms: Generated<number>;
    delivered_at_ms: number | null;
    erp_reference: string | null;
  };
};

export type ErpDb = Kysely<Tables & ErpTables>;

/** The same connection, typed with the ERP table. */
export const withErpTables = (db: Kysely<Tables>): ErpDb => db.withTables<ErpTables>();
