import type { CaseDraft } from '../../core/cases/case-draft.ts';
import { casePolicyOf } from '../../core/cases/case-policy.ts';
import { routeCase } from '../../core/cases/route-case.ts';
import type { Policy } from '../../core/policy/policy-schema.ts';
import type { DelayedReceipt } from '../../core/replenishment/open-inbound.ts';
import type { Proposal } from '../../core/replenishment/proposal.ts';
import type { IngestTransaction } from '../../ports/store.ts';

const HOUR_MS = 60 * 60 * 1000;

/** The dedupe key of a proposal's approval case: one live case per proposal. */
export const approvalCaseKey = (proposalId: string): string => `approval_required:proposal:${proposalId}`;

/** The `approval_required` case of a proposal above the policy's value threshold. */
export function approvalDraft(p: Proposal): CaseDraft {
  return {
    type: 'approval_required',
    dedupeKey: approvalCaseKey(p.id),
    severity: 'medium',
    sku: p.sku,
    node: p.node,
    orderId: null,
    details: {
      proposalId: p.id,
      kind: p.kind,
      fromNode: p.fromNode,
      supplier: p.supplier,
      qty: p.qty,
      value: p.value,
      approve: `POST /v1/replenishment/proposals/${p.id}/approve`,
    },
    // Valued at the item's cost by routing: the proposal's value, so routes by value apply.
    unitsAtRisk: p.qty,
  };
}

/** The `delayed_receipt` case of a late inbound document (deduplicated by the core's key); late by more than a day is high. */
export function delayedReceiptDraft(d: DelayedReceipt): CaseDraft {
  return {
    type: 'delayed_receipt',
    dedupeKey: d.dedupeKey,
    severity: d.lateByMs > 24 * HOUR_MS ? 'high' : 'medium',
    sku: d.sku,
    node: d.node,
    orderId: null,
    details: {
      inboundKind: d.inboundKind,
      reference: d.reference,
      outstandingUnits: d.outstandingUnits,
      expectedAtMs: d.expectedAtMs,
      lateByHours: d.lateByMs / HOUR_MS,
    },
    unitsAtRisk: d.outstandingUnits,
  };
}

/**
 * Opens (or adds an occurrence to) a case in the ledger transaction, routed by the policy's
 * `cases` section with the cases module's public functions: routing facts from the transaction,
 * `routeCase` for severity, queue and SLA, `tx.cases.open` for the write (docs/cases.md).
 */
export async function openReplenishmentCase(tx: IngestTransaction, draft: CaseDraft, policy: Policy | null, nowMs: number): Promise<void> {
  const facts = await tx.cases.routingFacts(draft.sku, draft.node);
  const valueAtRisk = draft.unitsAtRisk === null || facts.unitCost === null ? null : Math.round(draft.unitsAtRisk * facts.unitCost * 10_000) / 10_000;
  const routing = routeCase(casePolicyOf(policy), { type: draft.type, severity: draft.severity, region: facts.region, valueAtRisk }, nowMs);
  const { unitsAtRisk: _units, ...rest } = draft;
  await tx.cases.open({ ...rest, ...routing, valueAtRisk, region: facts.region }, nowMs);
}
