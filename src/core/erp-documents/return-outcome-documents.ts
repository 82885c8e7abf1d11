import { documentKey } from './document-key.ts';
import { documentLine, type UnitCosts } from './document-line.ts';
import type { DocumentCause, ReturnOutcome, ReturnOutcomeKind } from './erp-document.ts';

/** A return's disposition as the returns workflow decides it: one or more lines, each with its outcome. */
export type ReturnDispositionFact = {
  /** The event or journalled command that applied the disposition (`return.inspected`, `POST …/dispose`). */
  readonly cause: DocumentCause;
  readonly returnId: string;
  /** Business time of the disposition, epoch ms. */
  readonly occurredAtMs: number;
  readonly lines: readonly { readonly sku: string; readonly node: string; readonly qty: number; readonly outcome: ReturnOutcomeKind }[];
};

/**
 * ReturnOutcome documents for a disposition: one per (cause, SKU, outcome), lines per node. For the
 * returns workflow to call inside its ledger command and pass to `tx.enqueueErpDocuments` (the
 * ledger's own movements cannot tell a disposition from another quarantine move). Scrapping
 * (→ `disposed`) and returns to vendor (→ `vendor_return`) need no call: `documentsFor` makes
 * those from the movements.
 *
 * @example
 * await tx.enqueueErpDocuments(returnOutcomeDocuments({ cause, returnId: 'R-1', occurredAtMs, lines: [{ sku: 'A', node: 'S1', qty: 1, outcome: 'restock' }] }, unitCosts));
 */
export function returnOutcomeDocuments(fact: ReturnDispositionFact, unitCosts: UnitCosts): ReturnOutcome[] {
  const byKey = new Map<string, { sku: string; outcome: ReturnOutcomeKind; qtyByNode: Map<string, number> }>();
  for (const line of fact.lines) {
    const key = documentKey('ReturnOutcome', fact.cause, line.sku, [line.outcome]);
    const entry = byKey.get(key) ?? { sku: line.sku, outcome: line.outcome, qtyByNode: new Map<string, number>() };
    entry.qtyByNode.set(line.node, (entry.qtyByNode.get(line.node) ?? 0) + line.qty);
    byKey.set(key, entry);
  }
  return [...byKey].map(([idempotencyKey, { sku, outcome, qtyByNode }]) => ({
    type: 'ReturnOutcome',
    idempotencyKey,
    occurredAtMs: fact.occurredAtMs,
    cause: fact.cause,
    details: { returnId: fact.returnId, outcome },
    lines: [...qtyByNode.keys()].sort().map((node) => documentLine(sku, node, qtyByNode.get(node) as number, unitCosts)),
  }));
}
