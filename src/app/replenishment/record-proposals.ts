import { assert } from '../../core/assert.ts';
import { replenishmentRequestDocument } from '../../core/erp-documents/replenishment-request-documents.ts';
import type { Policy } from '../../core/policy/policy-schema.ts';
import type { DelayedReceipt } from '../../core/replenishment/open-inbound.ts';
import { transitionProposal } from '../../core/replenishment/transition-proposal.ts';
import type { ProposalRecord } from '../../ports/replenishment-store.ts';
import type { LedgerCommand } from '../ledger-writer.ts';
import { approvalDraft, delayedReceiptDraft, openReplenishmentCase } from './open-replenishment-case.ts';

/** The actor of automatic approvals (proposals under the value threshold). */
export const SYSTEM_ACTOR = 'system';

/** What one chunk of a run wrote. */
export type RecordedProposals = {
  /** New proposals (ids not stored yet today). */
  readonly created: number;
  /** Proposals whose id was already stored: a re-run of the same day. */
  readonly alreadyProposed: number;
  readonly approvedAutomatically: number;
  readonly awaitingApproval: number;
  readonly delayedReceiptCases: number;
  /** Kinds and total value of the created proposals. */
  readonly transfers: number;
  readonly purchaseOrders: number;
  readonly value: number;
};

/**
 * Stores a chunk of a run's proposals and signals in one ledger transaction: new proposals
 * (`on conflict (id) do nothing`, so a re-run of the same day adds none); each automatic one
 * approved as `system` with its ERP request (`PurchaseOrderRequest` / `TransferRequest`) in the
 * ERP document outbox; each above the threshold an `approval_required` case; each newly late
 * inbound document a `delayed_receipt` case. All or nothing: a proposal never exists without its
 * request or its case.
 */
export function recordProposals(
  proposals: readonly ProposalRecord[],
  delayed: readonly DelayedReceipt[],
  policy: Policy | null,
): LedgerCommand<RecordedProposals> {
  return {
    size: Math.max(1, proposals.length + delayed.length),
    async run({ tx, nowMs }) {
      // Automatic proposals are inserted already approved by `system` (one statement for the chunk
      // rather than an insert and an update each); the transition table still decides it.
      const finals = proposals.map((p) => {
        if (p.approvalRequired) return p;
        const approved = transitionProposal(p, { type: 'approve', by: SYSTEM_ACTOR }, nowMs);
        // A proposal made by this run is `proposed`: approving it cannot be refused.
        assert(approved.ok, `automatic approval of ${p.id} refused`);
        return { ...p, ...approved.value };
      });
      const inserted = finals.length === 0 ? new Set<string>() : await tx.replenishment.insertProposals(finals);
      let approvedAutomatically = 0;
      let awaitingApproval = 0;
      let transfers = 0;
      let value = 0;
      const documents = [];
      for (const p of finals) {
        if (!inserted.has(p.id)) continue;
        if (p.kind === 'transfer') transfers += 1;
        value = Math.round((value + p.value) * 10_000) / 10_000;
        if (p.status === 'approved') {
          documents.push(replenishmentRequestDocument(p, nowMs));
          approvedAutomatically += 1;
        } else {
          await openReplenishmentCase(tx, approvalDraft(p), policy, nowMs);
          awaitingApproval += 1;
        }
      }
      if (documents.length > 0) await tx.enqueueErpDocuments(documents, nowMs);
      for (const d of delayed) await openReplenishmentCase(tx, delayedReceiptDraft(d), policy, nowMs);
      const recorded: RecordedProposals = {
        created: inserted.size,
        alreadyProposed: proposals.length - inserted.size,
        approvedAutomatically,
        awaitingApproval,
        delayedReceiptCases: delayed.length,
        transfers,
        purchaseOrders: inserted.size - transfers,
        value,
      };
      return { value: recorded, keep: true };
    },
  };
}
