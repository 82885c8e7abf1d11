/**
 * ERP documents, twin of the SQLite entry (docs/erp-documents.md §2). Identity ids grow in commit
 * order because every ledger transaction holds the ledger-writer advisory lock until it commits.
 */
export const POSTGRES_ERP_DOCUMENT_MIGRATION = `
  create table erp_document (id bigint generated always as identity primary key,
    idempotency_key text collate "C" not null unique, type text collate "C" not null, payload jsonb not null,
    caused_at_ms bigint not null, created_at_ms bigint not null,
    status text not null default 'pending' check (status in ('pending','delivered','dead')),
    attempts bigint not null default 0, next_attempt_at_ms bigint not null, last_error text,
    lease_until_ms bigint not null default 0, delivered_at_ms bigint, erp_reference text);
  create index erp_document_pending_by_type on erp_document (type, id) where status = 'pending';
  create index erp_document_due on erp_document (next_attempt_at_ms, id) where status = 'pending';
  create index erp_document_status on erp_document (status, id);
  create index erp_document_created on erp_document (created_at_ms, id);
`;
