/**
 * Exception cases of issue 4 on SQLite (docs/cases.md), appended as one entry of
 * `SQLITE_MIGRATIONS`. SQLite cannot alter a CHECK constraint, so the `case` table of issue 3 is
 * rebuilt: create the new shape, copy, drop, rename, and recreate the indexes (the documented
 * procedure of https://sqlite.org/lang_altertable.html#otheralter; nothing references the table).
 * Cases resolved under issue 3 get `closed_at` = their last update.
 *
 * One live case per key: `case_live_by_key`, partial on `status in ('open', 'acknowledged')`, is
 * the conflict target of the case upsert (`src/adapters/store-sql/case-writes.ts`). The older
 * `case_open_by_key` index of issue 3 is dropped by a later migration: it was not the upsert's
 * arbiter, so on PostgreSQL two concurrent openings of a key could collide there and fail.
 */
export const SQLITE_CASE_MIGRATION = `
  create table case_v2 (id integer primary key autoincrement,
    type text not null check (type in ('stock_mismatch', 'negative_available', 'reservation_at_risk', 'serial_mismatch',
      'failed_integration', 'delayed_receipt', 'channel_push_failed', 'approval_required')),
    dedupe_key text not null,
    status text not null check (status in ('open', 'acknowledged', 'resolved', 'dismissed')),
    severity text not null check (severity in ('low', 'medium', 'high')),
    sku text, node text, order_id text, details text not null, occurrences integer not null,
    opened_at integer not null, updated_at integer not null,
    queue text not null default 'exceptions', sla_due_at integer, assignee text, acknowledged_at integer,
    closed_at integer, closed_by text, resolution_note text, auto_reason text, value_at_risk real, region text);
  insert into case_v2 (id, type, dedupe_key, status, severity, sku, node, order_id, details, occurrences, opened_at, updated_at, closed_at)
    select id, type, dedupe_key, status, severity, sku, node, order_id, details, occurrences, opened_at, updated_at,
      case when status = 'resolved' then updated_at end from "case";
  drop table "case";
  alter table case_v2 rename to "case";
  create unique index case_open_by_key on "case" (dedupe_key) where status = 'open';
  create unique index case_live_by_key on "case" (dedupe_key) where status in ('open', 'acknowledged');
  create index case_by_type on "case" (type, status, id);
  create index case_by_status on "case" (status, id);
  create index case_by_queue on "case" (queue, status, id);
  create index case_by_position on "case" (sku, node, id);
  create index case_live_by_sla on "case" (sla_due_at) where status in ('open', 'acknowledged');
  create table case_action (id integer primary key autoincrement, case_id integer not null, action text not null
      check (action in ('opened', 'acknowledge', 'resolve', 'dismiss', 'assign', 'auto_resolve')),
    actor text not null, note text, at integer not null);
  create index case_action_by_case on case_action (case_id, id);
`;
