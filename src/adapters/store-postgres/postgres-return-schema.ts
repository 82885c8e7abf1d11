/** Issue 4 returns (docs/returns.md): the twin of `SQLITE_RETURN_MIGRATION`, appended to `POSTGRES_MIGRATIONS`. */
export const POSTGRES_RETURN_MIGRATION = `
  alter table item add column warranty_days bigint;
  create table sold_serial (seq bigint generated always as identity primary key, sku text collate "C" not null, serial text collate "C" not null,
    order_ref text collate "C" not null, order_id text collate "C", node text collate "C" not null, sold_at bigint not null, event_seq bigint not null);
  create index sold_serial_by_serial on sold_serial (sku, serial);
  create table return_authorisation (id text collate "C" primary key, order_ref text collate "C" not null, channel text collate "C" not null,
    node text collate "C" not null, reason text not null, created_at bigint not null, received_at bigint, restocked_at bigint, updated_at bigint not null);
  create index return_authorisation_by_restocked on return_authorisation (restocked_at) where restocked_at is not null;
  create table return_unit (return_id text collate "C" not null, unit_no bigint not null, sku text collate "C" not null, serial text collate "C",
    state text not null check (state in ('authorised','received','inspected','restocked','refurbishing','damaged','returned_to_vendor','disposed','cancelled')),
    inspection text, outcome text, received_at bigint, restocked_at bigint, updated_at bigint not null,
    primary key (return_id, unit_no));
  create table return_history (seq bigint generated always as identity primary key, return_id text collate "C" not null, at bigint not null,
    action text not null, unit_no bigint, sku text collate "C", details text not null);
  create index return_history_by_return on return_history (return_id, seq);
`;
