import { casePolicyOf } from '../../core/cases/case-policy.ts';
import { stockMismatchOf } from '../../core/cases/stock-mismatch.ts';
import type { DecidedEvent, IngestTransaction } from '../../ports/store.ts';
import { type CasePolicySource, openCase } from './open-case.ts';

/**
 * The `stock_mismatch` trigger, run right after a batch's changes are written (in the command's
 * savepoint, so a rolled-back command opens nothing): every cycle count of the batch (the count
 * record is `change.count`) whose variance exceeds the policy's threshold in units or value opens
 * a case per sku and node, or adds an occurrence to the live one.
 */
export async function openStockMismatchCases(
  tx: IngestTransaction,
  policies: CasePolicySource,
  decided: readonly DecidedEvent[],
  nowMs: number,
): Promise<void> {
  const counts = decided.flatMap((d) => (d.change.count !== null && d.change.count.variance !== 0 && !d.change.count.superseded ? [d.change.count] : []));
  if (counts.length === 0) return;
  const policy = casePolicyOf(policies.current());
  for (const count of counts) {
    const { unitCost } = await tx.cases.routingFacts(count.sku, null);
    const draft = stockMismatchOf(count, unitCost, policy);
    if (draft !== null) await openCase(tx.cases, policies, draft, nowMs);
  }
}
