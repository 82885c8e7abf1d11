/**
 * Issue 5 reconciliation (docs/reconciliation.md), twin of `SQLITE_RECONCILIATION_MIGRATION`: one
 * entry of `POSTGRES_MIGRATIONS`. Money is `double precision`, quantities `bigint`, ids `collate "C"`.
 */
export const POSTGRES_RECONCILIATION_MIGRATION = `
  create table reconciliation (id bigint generated always as identity primary key, source text collate "C" not null,
    as_of bigint not null, summary text not null, differing_share double precision not null,
    value_at_risk double precision not null, created_at bigint not null, created_by text not null);
  create index reconciliation_by_source on reconciliation (source, id);
  create table reconciliation_variance (reconciliation_id bigint not null references reconciliation (id), line bigint not null,
    sku text collate "C" not null, node text collate "C", channel text collate "C", bucket text, expected bigint not null,
    reported bigint not null, variance bigint not null, value double precision not null, material smallint not null,
    likely_cause text, primary key (reconciliation_id, line));
  create table reconciliation_rejected_line (reconciliation_id bigint not null references reconciliation (id), line bigint not null,
    code text not null, field text, error text not null, primary key (reconciliation_id, line));
`;
