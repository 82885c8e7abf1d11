import { POSTGRES_CASE_MIGRATION } from './postgres-case-schema.ts';
import { POSTGRES_ERP_DOCUMENT_MIGRATION } from './postgres-erp-document-schema.ts';
import { POSTGRES_RECONCILIATION_MIGRATION } from './postgres-reconciliation-schema.ts';
import { POSTGRES_REPLENISHMENT_MIGRATION } from './postgres-replenishment-schema.ts';
import { POSTGRES_RETURN_MIGRATION } from './postgres-return-schema.ts';
import { POSTGRES_WORKFLOW_MIGRATION } from './postgres-workflow-schema.ts';
/**
 * PostgreSQL schema, applied in order by `migratePostgres`; the same tables, columns and indexes
 * as `SQLITE_MIGRATIONS`, entry for entry, so the shared Kysely repositories run unchanged.
 * Append a new entry for every change (and its SQLite twin); never edit an applied one.
 *
 * Types: epoch-ms times and quantities are `bigint` (position sums may outgrow int4; the pool
 * parses int8 back to JS numbers, which stay exact below 2^53), money and coordinates are
 * `double precision`, booleans stay 0/1 `smallint` like on SQLite, sequences are identities.
 *
 * Identifier columns are `collate "C"`: byte order, as SQLite's default BINARY collation sorts,
 * so keyset pages come in the same order on both databases whatever the server's locale, and
 * index comparisons skip the locale library.
 *
 * `position` rows are updated by every event: `fillfactor = 70` leaves room on each page for the
 * new row version, so most updates are HOT (no index entries written, less WAL).
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  create table item (sku text collate "C" primary key, name text not null, category text not null, unit_cost double precision not null,
    unit_price double precision not null, serialized smallint not null, substitutes text not null, updated_at bigint not null);
  create table node (node_id text collate "C" primary key, type text not null, name text not null, region text not null,
    latitude double precision not null, longitude double precision not null, capacity_per_day bigint not null, fulfils text not null,
    updated_at bigint not null);
  create table channel (channel_id text collate "C" primary key, type text not null, name text not null, priority bigint not null,
    margin_tier text not null, nodes text not null, updated_at bigint not null);
  create table event (seq bigint generated always as identity primary key, source text collate "C" not null, id text collate "C" not null, type text not null,
    occurred_at bigint not null, recorded_at bigint not null, body text not null, unique (source, id));
  create table movement (seq bigint generated always as identity primary key, sku text collate "C" not null, from_node text collate "C", from_kind text not null,
    to_node text collate "C", to_kind text not null, qty bigint not null check (qty > 0), reason text not null,
    event_seq bigint not null, occurred_at bigint not null, recorded_at bigint not null);
  create index movement_by_sku on movement (sku, seq);
  create index movement_by_recorded_at on movement (recorded_at);
  create table position (sku text collate "C" not null, node text collate "C" not null, available bigint not null default 0,
    reserved bigint not null default 0, allocated bigint not null default 0, quarantine bigint not null default 0,
    refurbish bigint not null default 0, damaged bigint not null default 0, inbound bigint not null default 0,
    last_counted_at bigint, primary key (sku, node)) with (fillfactor = 70);
  create index position_by_node on position (node, sku);
  create table inbound_document (reference text collate "C" not null, sku text collate "C" not null, node text collate "C" not null,
    announced_qty bigint not null, received_qty bigint not null, expected_at bigint,
    primary key (reference, sku, node));
  create table transfer_line (transfer_id text collate "C" not null, sku text collate "C" not null, from_node text collate "C" not null, to_node text collate "C" not null,
    shipped_qty bigint not null, received_qty bigint not null, shipped_at bigint not null, expected_at bigint,
    primary key (transfer_id, sku));
  create table cycle_count (seq bigint generated always as identity primary key, sku text collate "C" not null, node text collate "C" not null,
    counted_at bigint not null, counted_qty bigint not null, expected_qty bigint not null, variance bigint not null,
    superseded smallint not null, event_seq bigint not null);
  create index cycle_count_by_position on cycle_count (sku, node, counted_at);
  create table dead_letter (id bigint generated always as identity primary key, source text collate "C", event_id text collate "C", type text, body text not null,
    error_code text not null, error_message text not null, error_field text, status text not null,
    recorded_at bigint not null, replayed_at bigint);
  create index dead_letter_by_status on dead_letter (status, id);
  create table api_key (id text collate "C" primary key, name text not null, scopes text not null, source text collate "C",
    secret_hash text not null unique, created_at bigint not null, revoked_at bigint);
  `,
  // Issue 3: the transactional outbox (docs/channel-feeds.md §3), twin of the SQLite entry.
  `
  create table outbox (id bigint generated always as identity primary key,
    kind text not null check (kind in ('channel_availability')), channel text collate "C" not null, sku text collate "C" not null,
    payload jsonb not null, caused_at_ms bigint not null, created_at_ms bigint not null,
    attempts bigint not null default 0, next_attempt_at_ms bigint not null,
    status text not null default 'pending' check (status in ('pending','delivered','dead','superseded')),
    last_error text, lease_until_ms bigint not null default 0, delivered_at_ms bigint, latency_ms bigint);
  create index outbox_due on outbox (next_attempt_at_ms, id) where status = 'pending';
  create index outbox_key on outbox (channel, sku, id);
  create index outbox_status on outbox (status, id);
  create index outbox_latency on outbox (delivered_at_ms) where status = 'delivered';
  `,
  // Versioned policies and the audit log, twin of the SQLite entry. The table owner cannot revoke
  // UPDATE/DELETE from itself, so append-only is a trigger that raises (TRUNCATE included).
  `
  create table policy_version (version bigint primary key, document text not null, parsed text not null,
    created_by text not null, created_at bigint not null, diff text not null);
  create table audit_entry (seq bigint generated always as identity primary key, at bigint not null, actor text not null,
    action text collate "C" not null, subject text collate "C" not null, details text not null);
  create index audit_entry_by_action on audit_entry (action, seq);
  create index audit_entry_by_subject on audit_entry (subject, seq);
  create index audit_entry_by_at on audit_entry (at, seq);
  create function omnistock_reject_change() returns trigger language plpgsql as $fn$
    begin raise exception '%', TG_ARGV[0] using errcode = 'restrict_violation'; end $fn$;
  create trigger audit_entry_append_only before update or delete on audit_entry
    for each row execute function omnistock_reject_change('audit log is append-only');
  create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function omnistock_reject_change('audit log is append-only');
  create trigger policy_version_append_only before update or delete on policy_version
    for each row execute function omnistock_reject_change('policy versions are append-only');
  create trigger policy_version_no_truncate before truncate on policy_version
    for each statement execute function omnistock_reject_change('policy versions are append-only');
  `,
  // The channel-availability projection, twin of the SQLite entry.
  `
  create table channel_availability (channel text collate "C" not null, sku text collate "C" not null, units bigint not null,
    paused integer not null, detail text not null, updated_at bigint not null, primary key (channel, sku));
  create index channel_availability_by_sku on channel_availability (sku, channel);
  `,
  // Issue 3 workflows: reservations, orders, fulfilment orders, short picks, timers, cases (docs/reservations.md).
  POSTGRES_WORKFLOW_MIGRATION,
  // Issue 4: ERP documents (docs/erp-documents.md).
  POSTGRES_ERP_DOCUMENT_MIGRATION,
  // Issue 5: daily demand and replenishment proposals (docs/replenishment.md).
  POSTGRES_REPLENISHMENT_MIGRATION,
  // Issue 4: exception cases, lifecycle, routing and history (docs/cases.md).
  POSTGRES_CASE_MIGRATION,
  // Issue 4: returns, sold serials, items' warranty (docs/returns.md).
  POSTGRES_RETURN_MIGRATION,
  // Issue 5: stored reconciliations, their variances and rejected lines (docs/reconciliation.md).
  POSTGRES_RECONCILIATION_MIGRATION,
  // Twin of the SQLite entry: drop the redundant `case_open_by_key`, which is not the case upsert's
  // arbiter, so two concurrent openings of one key could meet there as a unique violation.
  `drop index if exists case_open_by_key;`,
  // Twin of the SQLite entry: a return's order found by (channel, orderRef) without a scan.
  `create index if not exists sales_order_by_channel_ref on sales_order (channel, order_ref);`,
];
