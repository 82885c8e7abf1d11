/**
 * Issue 4 returns (docs/returns.md) on SQLite, appended as one entry of `SQLITE_MIGRATIONS`:
 * the item's optional warranty, sold serials, return authorisations, their units and history.
 * `sold_serial` has no unique key on (sku, serial): a unit sold, returned and sold again has two sales.
 */
export const SQLITE_RETURN_MIGRATION = `
  alter table item add column warranty_days integer;
  create table sold_serial (seq integer primary key autoincrement, sku text not null, serial text not null,
    order_ref text not null, order_id text, node text not null, sold_at integer not null, event_seq integer not null);
  create index sold_serial_by_serial on sold_serial (sku, serial);
  create table return_authorisation (id text primary key, order_ref text not null, channel text not null, node text not null,
    reason text not null, created_at integer not null, received_at integer, restocked_at integer, updated_at integer not null) without rowid;
  create index return_authorisation_by_restocked on return_authorisation (restocked_at) where restocked_at is not null;
  create table return_unit (return_id text not null, unit_no integer not null, sku text not null, serial text,
    state text not null check (state in ('authorised','received','inspected','restocked','refurbishing','damaged','returned_to_vendor','disposed','cancelled')),
    inspection text, outcome text, received_at integer, restocked_at integer, updated_at integer not null,
    primary key (return_id, unit_no)) without rowid;
  create table return_history (seq integer primary key autoincrement, return_id text not null, at integer not null,
    action text not null, unit_no integer, sku text, details text not null);
  create index return_history_by_return on return_history (return_id, seq);
`;
