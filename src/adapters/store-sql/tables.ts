import type { Generated } from 'kysely';

/**
 * Table shapes shared by the SQLite and PostgreSQL adapters (snake_case, as stored). Times are
 * epoch milliseconds in integer columns on both databases, so comparisons and indexes behave the
 * same; booleans are 0/1 integers; lists are JSON text.
 */
export type Tables = {
  item: { sku: string; name: string; category: string; unit_cost: number; unit_price: number; serialized: number; substitutes: string; updated_at: number };
  node: {
    node_id: string;
    type: string;
    name: string;
    region: string;
    latitude: number;
    longitude: number;
    capacity_per_day: number;
    fulfils: string;
    updated_at: number;
  };
  channel: { channel_id: string; type: string; name: string; priority: number; margin_tier: string; nodes: string; updated_at: number };
  event: { seq: Generated<number>; source: string; id: string; type: string; occurred_at: number; recorded_at: number; body: string };
  movement: {
    seq: Generated<number>;
    sku: string;
    from_node: string | null;
    from_kind: string;
    to_node: string | null;
    to_kind: string;
    qty: number;
    reason: string;
    event_seq: number;
    occurred_at: number;
    recorded_at: number;
  };
  position: {
    sku: string;
    node: string;
    available: number;
    reserved: number;
    allocated: number;
    quarantine: number;
    refurbish: number;
    damaged: number;
    inbound: number;
    last_counted_at: number | null;
  };
  inbound_document: { reference: string; sku: string; node: string; announced_qty: number; received_qty: number; expected_at: number | null };
  transfer_line: {
    transfer_id: string;
    sku: string;
    from_node: string;
    to_node: string;
    shipped_qty: number;
    received_qty: number;
    shipped_at: number;
    expected_at: number | null;
  };
  cycle_count: {
    seq: Generated<number>;
    sku: string;
    node: string;
    counted_at: number;
    counted_qty: number;
    expected_qty: number;
    variance: number;
    superseded: number;
    event_seq: number;
  };
  dead_letter: {
    id: Generated<number>;
    source: string | null;
    event_id: string | null;
    type: string | null;
    body: string;
    error_code: string;
    error_message: string;
    error_field: string | null;
    status: string;
    recorded_at: number;
    replayed_at: number | null;
  };
  api_key: { id: string; name: string; scopes: string; source: string | null; secret_hash: string; created_at: number; revoked_at: number | null };
  schema_migration: { version: number; applied_at: number };
};
