/**
 * The workflow tables of issue 3 on SQLite (docs/reservations.md), appended as one entry of
 * `SQLITE_MIGRATIONS`. `case` is a keyword in SQL, hence the quotes. One open case per
 * `dedupe_key` is a partial unique index, the target of `on conflict … where status = 'open'`.
 */
export const SQLITE_WORKFLOW_MIGRATION = `
  create table reservation (id text primary key, idempotency_key text not null unique, request_hash text not null,
    channel text not null, order_ref text not null,
    status text not null check (status in ('active', 'confirmed', 'released', 'expired')),
    lines text not null, ship_to text, trace text not null, created_at integer not null, expires_at integer not null,
    closed_at integer, order_id text) without rowid;
  create table reservation_line (reservation_id text not null, sku text not null, node text not null,
    qty integer not null check (qty > 0), primary key (reservation_id, sku, node)) without rowid;
  create index reservation_line_by_position on reservation_line (sku, node, reservation_id);
  create table sales_order (id text primary key, idempotency_key text unique, request_hash text, channel text not null,
    order_ref text not null, reservation_id text, method text not null, pickup_node text, ship_to text, lines text not null,
    trace text not null, next_fulfilment_seq integer not null, created_at integer not null) without rowid;
  create table fulfilment_order (id text primary key, order_id text not null, channel text not null, node text not null,
    status text not null check (status in ('allocated', 'picked', 'short_picked', 'shipped', 'cancelled')),
    lines text not null, serials text not null, created_at integer not null, updated_at integer not null) without rowid;
  create index fulfilment_order_by_order on fulfilment_order (order_id, id);
  create index fulfilment_order_by_node on fulfilment_order (node, created_at);
  create table fulfilment_line (fulfilment_order_id text not null, sku text not null, node text not null,
    primary key (fulfilment_order_id, sku)) without rowid;
  create index fulfilment_line_by_position on fulfilment_line (sku, node, fulfilment_order_id);
  create table short_pick (id text primary key, order_id text not null, channel text not null, fulfilment_order_id text not null,
    node text not null, sku text not null, short_qty integer not null, status text not null, rerouted_qty integer not null,
    substitute_sku text, substitute_qty integer, cancelled_qty integer not null, updated_at integer not null) without rowid;
  create index short_pick_by_order on short_pick (order_id, id);
  create table timer (kind text not null, subject_id text not null, due_at integer not null,
    status text not null check (status in ('pending', 'done', 'cancelled')), primary key (kind, subject_id)) without rowid;
  create index timer_due on timer (status, due_at);
  create table "case" (id integer primary key autoincrement, type text not null, dedupe_key text not null,
    status text not null check (status in ('open', 'resolved')), severity text not null check (severity in ('low', 'medium', 'high')),
    sku text, node text, order_id text, details text not null, occurrences integer not null,
    opened_at integer not null, updated_at integer not null);
  create unique index case_open_by_key on "case" (dedupe_key) where status = 'open';
  create index case_by_type on "case" (type, status, id);
  create index case_by_status on "case" (status, id);
  create table customer_notification (id integer primary key autoincrement, order_id text not null, channel text not null,
    reason text not null, payload text not null, created_at integer not null);
  create index customer_notification_by_order on customer_notification (order_id, id);
`;
