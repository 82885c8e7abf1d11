import type { Kysely } from 'kysely';
import type { Tables } from './tables.ts';

/**
 * The replenishment tables (docs/replenishment.md "The shell"), kept beside `Tables` so the module
 * adds them without editing the shared type; repositories reach them through
 * `withReplenishmentTables(db)`.
 *
 * `demand_series` is the compact daily-demand projection: one row per (sku, node), `units` a JSON
 * array of whole units per day from `first_day` (days since 1970-01-01, UTC). A row per day was
 * the alternative: it would make the ledger transaction's write a blind increment, but a run over
 * 50,000 pairs would read millions of rows instead of 50,000.
 */
export type ReplenishmentTables = {
  demand_series: { sku: string; node: string; first_day: number; units: string; updated_at: number };
  replenishment_proposal: {
    id: string;
    sku: string;
    node: string;
    kind: string;
    from_node: string | null;
    supplier: string | null;
    qty: number;
    unit_cost: number;
    value: number;
    status: string;
    approval_required: number;
    expected_at: number;
    trace: string;
    created_at: number;
    decided_by: string | null;
    decided_at: number | null;
    erp_reference: string | null;
    closed_at: number | null;
    note: string | null;
    updated_at: number;
  };
};

export type ReplenishmentDb = Kysely<Tables & ReplenishmentTables>;

/** The same connection, typed with the replenishment tables. */
export const withReplenishmentTables = (db: Kysely<Tables>): ReplenishmentDb => db.withTables<ReplenishmentTables>();
