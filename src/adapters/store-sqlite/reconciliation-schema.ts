/**
 * Issue 5 reconciliation (docs/reconciliation.md): stored reconciliations, their differing lines
 * and their rejected lines. One entry of `SQLITE_MIGRATIONS`; twin of
 * `POSTGRES_RECONCILIATION_MIGRATION`. Variances and rejected lines are clustered on
 * (reconciliation, line), the order `GET /v1/reconciliations/{id}` pages them in.
 */
export const SQLITE_RECONCILIATION_MIGRATION = `
  create table reconciliation (id integer primary key autoincrement, source text not null, as_of integer not null,
    summary text not null, differing_share real not null, value_at_risk real not null,
    created_at integer not null, created_by text not null);
  create index reconciliation_by_source on reconciliation (source, id);
  create table reconciliation_variance (reconciliation_id integer not null, line integer not null, sku text not null,
    node text, channel text, bucket text, expected integer not null, reported integer not null, variance integer not null,
    value real not null, material integer not null, likely_cause text, primary key (reconciliation_id, line)) without rowid;
  create table reconciliation_rejected_line (reconciliation_id integer not null, line integer not null, code text not null,
    field text, error text not null, primary key (reconciliation_id, line)) without rowid;
`;
