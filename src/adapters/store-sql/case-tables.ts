import type { Generated, Kysely } from 'kysely';
import type { Tables } from './tables.ts';

/**
 * The columns issue 4 added to `case` and the `case_action` history table (docs/cases.md), kept
 * beside `Tables` like `ErpTables` so the shared type is not edited; reach them through
 * `withCaseTables(db)`. Times are epoch ms; `value_at_risk` is units × unit cost.
 */
export type CaseTables = {
  case: {
    queue: Generated<string>;
    sla_due_at: number | null;
    assignee: string | null;
    acknowledged_at: number | null;
    closed_at: number | null;
    closed_by: string | null;
    resolution_note: string | null;
    auto_reason: string | null;
    value_at_risk: number | null;
    region: string | null;
  };
  case_action: { id: Generated<number>; case_id: number; action: string; actor: string; note: string | null; at: number };
};

export type CaseDb = Kysely<Tables & CaseTables>;

/** The same connection, typed with the case columns and history. */
export const withCaseTables = (db: Kysely<Tables>): CaseDb => db.withTables<CaseTables>();

/** The same connection typed with the shared tables only, for helpers such as `insertAuditEntry` (the extra columns are invisible to them). */
export const asSharedTables = (db: CaseDb): Kysely<Tables> => db as unknown as Kysely<Tables>;
