import { transitionProposal } from '../../core/replenishment/transition-proposal.ts';
import type { IngestTransaction } from '../../ports/store.ts';
import type { WrittenMovements } from '../movement-recorder.ts';
import { causeData, stringField } from './cause-data.ts';
import { isProposalId } from './proposal-id.ts';

/** Events by which the ERP (or the origin DC) confirms a request, and the field that carries the proposal id. */
const CONFIRMATIONS: Readonly<Record<string, string>> = { 'erp.po.created': 'reference', 'supplier.asn': 'reference', 'transfer.shipped': 'transferId' };

/**
 * Marks approved proposals `ordered` when their confirmation is written in this transaction: an
 * `erp.po.created` (or `supplier.asn`) whose `reference`, or a `transfer.shipped` whose
 * `transferId`, is the proposal id. The event's own movements put the units in `inbound` (as for
 * any PO or transfer); this step only moves the proposal along, in the same transaction, so a
 * later run sees the units once: as inbound, no longer as a pending proposal.
 */
export async function confirmProposalOrders(tx: IngestTransaction, nowMs: number, written: readonly WrittenMovements[]): Promise<void> {
  const seen = new Set<string>();
  for (const w of written) {
    const field = w.cause === null ? undefined : CONFIRMATIONS[w.cause.type];
    if (w.cause === null || field === undefined) continue;
    const reference = stringField(causeData(w.cause.body), field);
    if (reference === null || !isProposalId(reference) || seen.has(reference)) continue;
    seen.add(reference);
    const proposal = await tx.replenishment.lockProposal(reference);
    // Only an approved proposal is waiting for its order; a repeat (already ordered) changes nothing.
    if (proposal === undefined || proposal.status !== 'approved') continue;
    const next = transitionProposal(proposal, { type: 'order', reference }, nowMs);
    if (next.ok) await tx.replenishment.updateProposal(next.value, nowMs);
  }
}
