import type { CaseDraft } from '../../core/cases/case-draft.ts';
import { casePolicyOf } from '../../core/cases/case-policy.ts';
import { routeCase } from '../../core/cases/route-case.ts';
import type { CaseWriter, OpenedCase } from '../../ports/case-store.ts';
import type { PolicySource } from '../policy-source.ts';

/** The policy in force (a `PolicyHolder`, or anything that answers `current()`). */
export type CasePolicySource = PolicySource;

/**
 * The one way a case is opened, inside the ledger transaction (`tx.cases`) or outside it
 * (`store.cases`): reads the node's region and the item's unit cost, values the units at risk,
 * lets the policy choose severity, queue and SLA (`routeCase`), then writes it, one live case per
 * dedupe key (a repeat adds an occurrence).
 *
 * @example
 * await openCase(tx.cases, policies, negativeAvailableOf(sku, node, -3, ['pos.sale'])!, nowMs);
 */
export async function openCase(writer: CaseWriter, policies: CasePolicySource, draft: CaseDraft, nowMs: number): Promise<OpenedCase> {
  const facts = await writer.routingFacts(draft.sku, draft.node);
  const valueAtRisk = draft.unitsAtRisk === null || facts.unitCost === null ? null : draft.unitsAtRisk * facts.unitCost;
  const routing = routeCase(casePolicyOf(policies.current()), { type: draft.type, severity: draft.severity, region: facts.region, valueAtRisk }, nowMs);
  return writer.open(
    {
      type: draft.type,
      dedupeKey: draft.dedupeKey,
      severity: routing.severity,
      sku: draft.sku,
      node: draft.node,
      orderId: draft.orderId,
      details: draft.details,
      queue: routing.queue,
      slaDueAtMs: routing.slaDueAtMs,
      valueAtRisk,
      region: facts.region,
    },
    nowMs,
  );
}
