import type { Generated } from 'kysely';
import type { WorkflowTables } from './workflow-tables.ts';

/**
 * Table shapes shared by the SQLite and PostgreSQL adapters (snake_case, as stored). Times are
 * epoch milliseconds in integer columns on both databases, so comparisons and indexes behave the
 * same; booleans are 0/1 integers; lists are JSON text.
 */
export type Tables = WorkflowTables & {
  item: {
    sku: string;
    name: string;
    category: string;
    unit_cost: number;
    unit_price: number;
    serialized: number;
    substitutes: string;
    updated_at: number;
    /** Issue 4 returns (appended column); null when the item names no warranty. */
    warranty_days: number | null;
  };
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
  /** The transactional outbox (docs/channel-feeds.md §1, §3); `payload` is JSON text on SQLite, jsonb on PostgreSQL. */
  outbox: {
    id: Generated<number>;
    kind: string;
    channel: string;
    sku: string;
    payload: unknown;
    caused_at_ms: number;
    created_at_ms: number;
    attempts: Generated<number>;
    next_attempt_at_ms: number;
    status: Generated<string>;
    last_error: string | null;
    lease_until_ms: Generated<number>;
    delivered_at_ms: number | null;
    latency_ms: number | null;
  };
  /** Append-only (a trigger rejects UPDATE and DELETE); `parsed` and `diff` are JSON text. */
  policy_version: { version: number; document: string; parsed: string; created_by: string; created_at: number; diff: string };
  /** Append-only (a trigger rejects UPDATE and DELETE); `details` is JSON text. */
  audit_entry: { seq: Generated<number>; at: number; actor: string; action: string; subject: string; details: string };
  schema_migration: { version: number; applied_at: number };
  channel_availability: { channel: string; sku: string; units: number; paused: number; detail: string; updated_at: number };
};
