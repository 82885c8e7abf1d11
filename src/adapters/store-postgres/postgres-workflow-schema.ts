/**
 * The workflow tables of issue 3 on PostgreSQL, twin of `SQLITE_WORKFLOW_MIGRATION` (same
 * tables, columns and indexes), appended as one entry of `POSTGRES_MIGRATIONS`. Identifier
 * columns are `collate "C"` like the rest of the schema; quantities and times are `bigint`.
 */
export const POSTGRES_WORKFLOW_MIGRATION = `
  create table reservation (id text collate "C" primary key, idempotency_key text collate "C" not null unique,
    request_hash text not null, channel text collate "C" not null, order_ref text not null,
    status text not null check (status in ('active', 'confirmed', 'released', 'expired')),
    lines text not null, ship_to text, trace text not null, created_at bigint not null, expires_at bigint not null,
    closed_at bigint, order_id text collate "C");
  create table reservation_line (reservation_id text collate "C" not null, sku text collate "C" not null,
    node text collate "C" not null, qty bigint not null check (qty > 0), primary key (reservation_id, sku, node));
  create index reservation_line_by_position on reservation_line (sku, node, reservation_id);
  create table sales_order (id text collate "C" primary key, idempotency_key text collate "C" unique, request_hash text,
    channel text collate "C" not null, order_ref text not null, reservation_id text collate "C", method text not null,
    pickup_node text collate "C", ship_to text, lines text not null, trace text not null,
    next_fulfilment_seq bigint not null, created_at bigint not null);
  create table fulfilment_order (id text collate "C" primary key, order_id text collate "C" not null,
    channel text collate "C" not null, node text collate "C" not null,
    status text not null check (status in ('allocated', 'picked', 'short_picked', 'shipped', 'cancelled')),
    lines text not null, serials text not null, created_at bigint not null, updated_at bigint not null);
  create index fulfilment_order_by_order on fulfilment_order (order_id, id);
  create index fulfilment_order_by_node on fulfilment_order (node, created_at);
  create table fulfilment_line (fulfilment_order_id text collate "C" not null, sku text collate "C" not null,
    node text collate "C" not null, primary key (fulfilment_order_id, sku));
  create index fulfilment_line_by_position on fulfilment_line (sku, node, fulfilment_order_id);
  create table short_pick (id text collate "C" primary key, order_id text collate "C" not null, channel text collate "C" not null,
    fulfilment_order_id text collate "C" not null, node text collate "C" not null, sku text collate "C" not null,
    short_qty bigint not null, status text not null, rerouted_qty bigint not null, substitute_sku text collate "C",
    substitute_qty bigint, cancelled_qty bigint not null, updated_at bigint not null);
  create index short_pick_by_order on short_pick (order_id, id);
  create table timer (kind text collate "C" not null, subject_id text collate "C" not null, due_at bigint not null,
    status text not null check (status in ('pending', 'done', 'cancelled')), primary key (kind, subject_id));
  create index timer_due on timer (status, due_at);
  create table "case" (id bigint generated always as identity primary key, type text collate "C" not null,
    dedupe_key text collate "C" not null, status text not null check (status in ('open', 'resolved')),
    severity text not null check (severity in ('low', 'medium', 'high')),
    sku text collate "C", node text collate "C", order_id text collate "C", details text not null,
    occurrences bigint not null, opened_at bigint not null, updated_at bigint not null);
  create unique index case_open_by_key on "case" (dedupe_key) where status = 'open';
  create index case_by_type on "case" (type, status, id);
  create index case_by_status on "case" (status, id);
  create table customer_notification (id bigint generated always as identity primary key, order_id text collate "C" not null,
    channel text collate "C" not null, reason text not null, payload text not null, created_at bigint not null);
  create index customer_notification_by_order on customer_notification (order_id, id);
`;
