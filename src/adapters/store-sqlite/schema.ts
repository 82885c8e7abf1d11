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
];
