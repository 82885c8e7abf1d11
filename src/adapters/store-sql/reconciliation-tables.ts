import type { Generated, Kysely } from 'kysely';
import type { Tables } from './tables.ts';

/**
 * The reconciliation tables (issue 5, docs/reconciliation.md), kept beside `Tables` like the ERP
 * table so this module adds them without editing the shared type; repositories reach them through
 * `withReconciliationTables(db)`. JSON columns are text on both databases.
 *
 * `differing_share` and `value_at_risk` repeat two figures of `summary` as columns: the drift
 * statistics read them for many reconciliations without parsing every summary.
 */
export type ReconciliationTables = {
  reconciliation: {
    id: Generated<number>;
    source: string;
    as_of: number;
    summary: string;
    differing_share: number;
    value_at_risk: number;
    created_at: number;
    created_by: string;
  };
  reconciliation_variance: {
    reconciliation_id: number;
    line: number;
    sku: string;
    node: string | null;
    channel: string | null;
    bucket: string | null;
    expected: number;
    reported: number;
    variance: number;
    value: number;
    material: number;
    likely_cause: string | null;
  };
  reconciliation_rejected_line: { reconciliation_id: number; line: number; code: string; field: string | null; error: string };
};

export type ReconciliationDb = Kysely<Tables & ReconciliationTables>;

/** The same connection, typed with the reconciliation tables. */
export const withReconciliationTables = (db: Kysely<Tables>): ReconciliationDb => db.withTables<ReconciliationTables>();
