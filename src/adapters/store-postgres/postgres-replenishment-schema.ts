/** Replenishment tables, twin of the SQLite entry (docs/replenishment.md "The shell"). */
export const POSTGRES_REPLENISHMENT_MIGRATION = `
  create table demand_series (sku text collate "C" not null, node text collate "C" not null, first_day bigint not null,
    units text not null, updated_at bigint not null, primary key (sku, node));
  create table replenishment_proposal (id text collate "C" primary key, sku text collate "C" not null, node text collate "C" not null,
    kind text not null check (kind in ('transfer','purchase_order')), from_node text, supplier text,
    qty bigint not null check (qty > 0), unit_cost double precision not null, value double precision not null,
    status text not null check (status in ('proposed','approved','rejected','ordered','received','cancelled')),
    approval_required integer not null, expected_at bigint not null, trace text not null, created_at bigint not null,
    decided_by text, decided_at bigint, erp_reference text, closed_at bigint, note text, updated_at bigint not null);
  create index replenishment_proposal_by_status on replenishment_proposal (status, id);
  create index replenishment_proposal_by_position on replenishment_proposal (sku, node, status);
  -- A run reads open inbound lines by SKU; the ledger's keys lead with the reference and transfer id.
  create index inbound_document_by_sku on inbound_document (sku, node);
  create index transfer_line_by_sku on transfer_line (sku, to_node);
`;
