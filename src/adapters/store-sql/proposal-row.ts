import type { DemandSeries } from '../../core/demand/daily-demand.ts';
import { asNodeId, asSku } from '../../core/ids.ts';
import type { InboundKind } from '../../core/replenishment/open-inbound.ts';
import type { Proposal, ProposalState } from '../../core/replenishment/proposal.ts';
import type { ProposalRecord, ProposalTrace } from '../../ports/replenishment-store.ts';
import type { ReplenishmentTables } from './replenishment-tables.ts';

type ProposalRow = ReplenishmentTables['replenishment_proposal'];
type DemandRow = ReplenishmentTables['demand_series'];

/** A stored row as the core's proposal with its trace (the basis lives in the trace JSON). */
export function toProposalRecord(r: ProposalRow): ProposalRecord {
  const trace = JSON.parse(r.trace) as ProposalTrace;
  return {
    id: r.id,
    kind: r.kind as InboundKind,
    sku: asSku(r.sku),
    node: asNodeId(r.node),
    fromNode: r.from_node === null ? null : asNodeId(r.from_node),
    supplier: r.supplier,
    qty: Number(r.qty),
    unitCost: Number(r.unit_cost),
    value: Number(r.value),
    approvalRequired: Number(r.approval_required) === 1,
    expectedAtMs: Number(r.expected_at),
    basis: trace.basis,
    decidedAtMs: Number(r.created_at),
    status: r.status as ProposalState,
    decidedBy: r.decided_by,
    reviewedAtMs: r.decided_at === null ? null : Number(r.decided_at),
    orderReference: r.erp_reference,
    closedAtMs: r.closed_at === null ? null : Number(r.closed_at),
    note: r.note,
    trace,
    updatedAtMs: Number(r.updated_at),
  };
}

/** The row of a new proposal. */
export function proposalRow(p: ProposalRecord): ProposalRow {
  return {
    id: p.id,
    sku: p.sku,
    node: p.node,
    kind: p.kind,
    from_node: p.fromNode,
    supplier: p.supplier,
    qty: p.qty,
    unit_cost: p.unitCost,
    value: p.value,
    approval_required: p.approvalRequired ? 1 : 0,
    expected_at: p.expectedAtMs,
    trace: JSON.stringify(p.trace),
    created_at: p.decidedAtMs,
    ...proposalState(p),
    updated_at: p.updatedAtMs,
  };
}

/** The columns a transition changes. */
export function proposalState(p: Proposal): Pick<ProposalRow, 'status' | 'decided_by' | 'decided_at' | 'erp_reference' | 'closed_at' | 'note'> {
  return { status: p.status, decided_by: p.decidedBy, decided_at: p.reviewedAtMs, erp_reference: p.orderReference, closed_at: p.closedAtMs, note: p.note };
}

export function toDemandSeries(r: Pick<DemandRow, 'sku' | 'node' | 'first_day' | 'units'>): DemandSeries {
  return { sku: asSku(r.sku), node: asNodeId(r.node), firstDay: Number(r.first_day), units: JSON.parse(r.units) as number[] };
}
