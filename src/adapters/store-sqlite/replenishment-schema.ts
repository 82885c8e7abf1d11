/**
 * Issue 5 replenishment (docs/replenishment.md "The shell"): the daily-demand projection, one row
 * per (sku, node) with its days as a JSON array, and the proposals. Proposal ids start with their
 * day (`RP-<yyyymmdd>-…`), so the primary key orders them oldest first and a re-run of the same day
 * meets the same ids (`on conflict (id) do nothing`).
 */
export const SQLITE_REPLENISHMENT_MIGRATION = `
  create table demand_series (sku text not null, node text not null, first_day integer not null, units text not null,
    updated_at integer not null, primary key (sku, node)) without rowid;
  create table replenishment_proposal (id text primary key, sku text not null, node text not null,
    kind text not null check (kind in ('transfer','purchase_order')), from_node text, supplier text,
    qty integer not null check (qty > 0), unit_cost real not null, value real not null,
    status text not null check (status in ('proposed','approved','rejected','ordered','received','cancelled')),
    approval_required integer not null, expected_at integer not null, trace text not null, created_at integer not null,
    decided_by text, decided_at integer, erp_reference text, closed_at integer, note text, updated_at integer not null) without rowid;
  create index replenishment_proposal_by_status on replenishment_proposal (status, id);
  create index replenishment_proposal_by_position on replenishment_proposal (sku, node, status);
  -- A run reads open inbound lines by SKU; the ledger's keys lead with the reference and transfer id.
  create index inbound_document_by_sku on inbound_document (sku, node);
  create index transfer_line_by_sku on transfer_line (sku, to_node);
`;
