/**
 * Exception cases of issue 4 on PostgreSQL, twin of `SQLITE_CASE_MIGRATION` (same columns,
 * constraints and indexes), appended as one entry of `POSTGRES_MIGRATIONS`. PostgreSQL alters
 * constraints in place: the issue-3 status CHECK (`case_status_check`, the name PostgreSQL gives an
 * inline column check) is replaced, and a type CHECK is added over the closed list of case types.
 */
export const POSTGRES_CASE_MIGRATION = `
  alter table "case" drop constraint case_status_check;
  alter table "case"
    add constraint case_status_check check (status in ('open', 'acknowledged', 'resolved', 'dismissed')),
    add constraint case_type_check check (type in ('stock_mismatch', 'negative_available', 'reservation_at_risk',
      'serial_mismatch', 'failed_integration', 'delayed_receipt', 'channel_push_failed', 'approval_required')),
    add column queue text collate "C" not null default 'exceptions',
    add column sla_due_at bigint,
    add column assignee text,
    add column acknowledged_at bigint,
    add column closed_at bigint,
    add column closed_by text,
    add column resolution_note text,
    add column auto_reason text,
    add column value_at_risk double precision,
    add column region text collate "C";
  update "case" set closed_at = updated_at where status = 'resolved';
  create unique index case_live_by_key on "case" (dedupe_key) where status in ('open', 'acknowledged');
  create index case_by_queue on "case" (queue, status, id);
  create index case_by_position on "case" (sku, node, id);
  create index case_live_by_sla on "case" (sla_due_at) where status in ('open', 'acknowledged');
  create table case_action (id bigint generated always as identity primary key, case_id bigint not null,
    action text not null check (action in ('opened', 'acknowledge', 'resolve', 'dismiss', 'assign', 'auto_resolve')),
    actor text not null, note text, at bigint not null);
  create index case_action_by_case on case_action (case_id, id);
`;
