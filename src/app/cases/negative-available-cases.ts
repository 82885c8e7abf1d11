import { negativeAvailableClearedReason, negativeAvailableOf } from '../../core/cases/negative-available.ts';
import { isBucketSide } from '../../core/ledger/buckets.ts';
import { limits } from '../../core/limits.ts';
import type { AfterCommands } from '../ledger-writer.ts';
import type { WrittenMovements } from '../movement-recorder.ts';
import { type CasePolicySource, openCase } from './open-case.ts';

const pairKey = (sku: string, node: string) => `${sku}\u0000${node}`;

/** Per (sku, node), the event types that took units out of / put units into `available` in this transaction. */
function availableFlows(written: readonly WrittenMovements[]) {
  const took = new Map<string, Set<string>>();
  const gave = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, cause: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(cause);
    map.set(key, set);
  };
  for (const w of written) {
    const cause = w.cause?.type ?? 'ledger change';
    for (const m of w.movements) {
      if (isBucketSide(m.from) && m.from.bucket === 'available') add(took, pairKey(m.sku, m.from.node), cause);
      if (isBucketSide(m.to) && m.to.bucket === 'available') add(gave, pairKey(m.sku, m.to.node), cause);
    }
  }
  return { took, gave };
}

/**
 * The `negative_available` trigger, a LedgerWriter after-step (register it after the conflict
 * step, which may give units back). A position whose `available` is below zero at the end of a
 * transaction that took units from it opens a case (one per sku and node; a repeat adds an
 * occurrence). A live case whose position is back at zero or more, in a transaction that put
 * units into it (a receipt, a count, a released hold), resolves itself with the reason recorded.
 * Positions only touched by other buckets cost nothing: both queries run only when the
 * transaction moved `available`.
 */
export function negativeAvailableCases(policies: CasePolicySource): AfterCommands {
  return async (tx, _touched, nowMs, written) => {
    const { took, gave } = availableFlows(written);
    const skusOf = (m: Map<string, Set<string>>) => [...new Set([...m.keys()].map((k) => k.split('\u0000')[0] as string))];
    if (took.size > 0) {
      for (const p of await tx.cases.negativePositions(skusOf(took), limits.casesPerTransactionMax)) {
        const causes = took.get(pairKey(p.sku, p.node));
        if (causes === undefined) continue; // negative before this transaction, and not taken from now
        const draft = negativeAvailableOf(p.sku, p.node, p.available, [...causes].sort());
        if (draft !== null) await openCase(tx.cases, policies, draft, nowMs);
      }
    }
    if (gave.size > 0) {
      for (const c of await tx.cases.liveCasesWithAvailableRestored('negative_available', skusOf(gave), limits.casesPerTransactionMax)) {
        const causes = gave.get(pairKey(c.sku, c.node));
        if (causes === undefined) continue;
        const reason = negativeAvailableClearedReason(c.available, [...causes].sort());
        if (reason !== null) await tx.cases.autoResolve(c.id, reason, nowMs);
      }
    }
  };
}
