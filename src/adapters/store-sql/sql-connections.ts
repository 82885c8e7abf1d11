import type { Kysely } from 'kysely';
import type { Tables } from './tables.ts';

/**
 * The Kysely handles a repository uses. On SQLite, `read` is a second connection, so reads see
 * only committed data (WAL snapshot) and never an ingestion transaction still open on `write`.
 * On PostgreSQL both are the same pool.
 */
export type SqlConnections = { readonly read: Kysely<Tables>; readonly write: Kysely<Tables> };
