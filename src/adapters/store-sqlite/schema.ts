import { SQLITE_CASE_MIGRATION } from './case-schema.ts';
import { SQLITE_ERP_DOCUMENT_MIGRATION } from './erp-document-schema.ts';
import { SQLITE_RECONCILIATION_MIGRATION } from './reconciliation-schema.ts';
import { SQLITE_REPLENISHMENT_MIGRATION } from './replenishment-schema.ts';
import { SQLITE_RETURN_MIGRATION } from './return-schema.ts';
import { SQLITE_WORKFLOW_MIGRATION } from './workflow-schema.ts';
/**
 * SQLite schema, applied in order by `migrate`. Append a new entry for every change; never edit
 * an applied one. `without rowid` tables are clustered on their primary key, which is how they are
 * read.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  create table item (sku text primary key, name text not null, category text not null, unit_cost real not null,
    unit_price real not null, serialized integer not null, substitutes text not null, updated_at integer not null) without rowid;
  create table node (node_id text primary key, type text not null, name text not null, region text not null,
    latitude real not null, longitude real not null, capacity_per_day integer not null, fulfils text not null,
    updated_at integer not null) without rowid;
  create table channel (channel_id text primary key, type text not null, name text not null, priority integer not null,
    margin_tier text not null, nodes text not null, updated_at integer not null) without rowid;
  create table event (seq integer primary key, source text not null, id text not null, type text not null,
    occurred_at integer not null, recorded_at integer not null, body text not null, unique (source, id));
  create table movement (seq integer primary key, sku text not null, from_node text, from_kind text not null,
    to_node text, to_kind text not null, qty integer not null check (qty > 0), reason text not null,
    event_seq integer not null, occurred_at integer not null, recorded_at integer not null);
  create index movement_by_sku on movement (sku, seq);
  create index movement_by_recorded_at on movement (recorded_at);
  create table position (sku text not null, node text not null, available integer not null default 0,
    reserved integer not null default 0, allocated integer not null default 0, quarantine integer not null default 0,
    refurbish integer not null default 0, damaged integer not null default 0, inbound integer not null default 0,
    last_counted_at integer, primary key (sku, node)) without rowid;
  create index position_by_node on position (node, sku);
  create table inbound_document (reference text not null, sku text not null, node text not null,
    announced_qty integer not null, received_qty integer not null, expected_at integer,
    primary key (reference, sku, node)) without rowid;
  create table transfer_line (transfer_id text not null, sku text not null, from_node text not null, to_node text not null,
    shipped_qty integer not null, received_qty integer not null, shipped_at integer not null, expected_at integer,
    primary key (transfer_id, sku)) without rowid;
  create table cycle_count (seq integer primary key, sku text not null, node text not null, counted_at integer not null,
    counted_qty integer not null, expected_qty integer not null, variance integer not null, superseded integer not null,
    event_seq integer not null);
  create index cycle_count_by_position on cycle_count (sku, node, counted_at);
  create table dead_letter (id integer primary key, source text, event_id text, type text, body text not null,
    error_code text not null, error_message text not null, error_field text, status text not null,
    recorded_at integer not null, replayed_at integer);
  create index dead_letter_by_status on dead_letter (status, id);
  create table api_key (id text primary key, name text not null, scopes text not null, source text,
    secret_hash text not null unique, created_at integer not null, revoked_at integer) without rowid;
  `,
  // Issue 3: the transactional outbox (docs/channel-feeds.md §3). AUTOINCREMENT so an id is never
  // reused after a delete: coalescing treats the highest id of a key as its newest value.
  `
  create table outbox (id integer primary key autoincrement,
    kind text not null check (kind in ('channel_availability')), channel text not null, sku text not null,
    payload text not null, caused_at_ms integer not null, created_at_ms integer not null,
    attempts integer not null default 0, next_attempt_at_ms integer not null,
    status text not null default 'pending' check (status in ('pending','delivered','dead','superseded')),
    last_error text, lease_until_ms integer not null default 0, delivered_at_ms integer, latency_ms integer);
  create index outbox_due on outbox (next_attempt_at_ms, id) where status = 'pending';
  create index outbox_key on outbox (channel, sku, id);
  create index outbox_status on outbox (status, id);
  create index outbox_latency on outbox (delivered_at_ms) where status = 'delivered';
  `,
  // Versioned policies and the audit log (issue 3 §policies, issue 4 §audit). Both are append-only:
  // the triggers make an UPDATE or DELETE fail, so history cannot be rewritten even by hand.
  `
  create table policy_version (version integer primary key, document text not null, parsed text not null,
    created_by text not null, created_at integer not null, diff text not null);
  create table audit_entry (seq integer primary key, at integer not null, actor text not null, action text not null,
    subject text not null, details text not null);
  create index audit_entry_by_action on audit_entry (action, seq);
  create index audit_entry_by_subject on audit_entry (subject, seq);
  create index audit_entry_by_at on audit_entry (at, seq);
  create trigger audit_entry_no_update before update on audit_entry begin select raise(abort, 'audit log is append-only'); end;
  create trigger audit_entry_no_delete before delete on audit_entry begin select raise(abort, 'audit log is append-only'); end;
  create trigger policy_version_no_update before update on policy_version begin select raise(abort, 'policy versions are append-only'); end;
  create trigger policy_version_no_delete before delete on policy_version begin select raise(abort, 'policy versions are append-only'); end;
  `,
  // Issue 3: the channel-availability projection, recomputed for touched SKUs in every ledger
  // transaction and served by GET /v1/availability.
  `
  create table channel_availability (channel text not null, sku text not null, units integer not null,
    paused integer not null, detail text not null, updated_at integer not null, primary key (channel, sku)) without rowid;
  create index channel_availability_by_sku on channel_availability (sku, channel);
  `,
  // Issue 3 workflows: reservations, orders, fulfilment orders, short picks, timers, cases (docs/reservations.md).
  SQLITE_WORKFLOW_MIGRATION,
  // Issue 4: ERP documents (docs/erp-documents.md).
  SQLITE_ERP_DOCUMENT_MIGRATION,
  // Issue 5: daily demand and replenishment proposals (docs/replenishment.md).
  SQLITE_REPLENISHMENT_MIGRATION,
  // Issue 4: exception cases, lifecycle, routing and history (docs/cases.md).
  SQLITE_CASE_MIGRATION,
  // Issue 4: returns, sold serials, items' warranty (docs/returns.md).
  SQLITE_RETURN_MIGRATION,
  // Issue 5: stored reconciliations, their variances and rejected lines (docs/reconciliation.md).
  SQLITE_RECONCILIATION_MIGRATION,
  // Issue 4: drop issue 3's `case_open_by_key`. `case_live_by_key` already implies its uniqueness,
  // and on PostgreSQL a unique index that is not the upsert's arbiter turns a race between two
  // openings of one key into a unique violation instead of an added occurrence.
  `drop index if exists case_open_by_key;`,
  // Issue 4: inspecting a return looks up the order it came from by (channel, orderRef)
  // (warranty from the sale date); without this index every inspection scanned all orders.
  `create index if not exists sales_order_by_channel_ref on sales_order (channel, order_ref);`,
];
