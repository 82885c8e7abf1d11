/**
 * Issue 4: ERP documents (docs/erp-documents.md §2). AUTOINCREMENT so ids are never reused and
 * grow in commit order (one writer): documents of one type are delivered in id order. The unique
 * key is what makes a replayed fact harmless (`on conflict (idempotency_key) do nothing`).
 */
export const SQLITE_ERP_DOCUMENT_MIGRATION = `
  create table erp_document (id integer primary key autoincrement, idempotency_key text not null unique,
    type text not null, payload text not null, caused_at_ms integer not null, created_at_ms integer not null,
    status text not null default 'pending' check (status in ('pending','delivered','dead')),
    attempts integer not null default 0, next_attempt_at_ms integer not null, last_error text,
    lease_until_ms integer not null default 0, delivered_at_ms integer, erp_reference text);
  create index erp_document_pending_by_type on erp_document (type, id) where status = 'pending';
  create index erp_document_due on erp_document (next_attempt_at_ms, id) where status = 'pending';
  create index erp_document_status on erp_document (status, id);
  create index erp_document_created on erp_document (created_at_ms, id);
`;
