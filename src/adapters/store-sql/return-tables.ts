import type { Generated, Kysely } from 'kysely';
import type { Tables } from './tables.ts';

/**
 * The returns tables (docs/returns.md), kept beside `Tables` like the ERP table, so this module
 * adds them without editing the shared type; repositories reach them through `withReturnTables(db)`.
 * `inspection` and `details` are JSON text.
 */
export type ReturnTables = {
  sold_serial: {
    seq: Generated<number>;
    sku: string;
    serial: string;
    order_ref: string;
    order_id: string | null;
    node: string;
    sold_at: number;
    event_seq: number;
  };
  return_authorisation: {
    id: string;
    order_ref: string;
    channel: string;
    node: string;
    reason: string;
    created_at: number;
    received_at: number | null;
    restocked_at: number | null;
    updated_at: number;
  };
  return_unit: {
    return_id: string;
    unit_no: number;
    sku: string;
    serial: string | null;
    state: string;
    inspection: string | null;
    outcome: string | null;
    received_at: number | null;
    restocked_at: number | null;
    updated_at: number;
  };
  return_history: { seq: Generated<number>; return_id: string; at: number; action: string; unit_no: number | null; sku: string | null; details: string };
};

export type ReturnDb = Kysely<Tables & ReturnTables>;

/** The same connection, typed with the returns tables. */
export const withReturnTables = (db: Kysely<Tables>): ReturnDb => db.withTables<ReturnTables>();
