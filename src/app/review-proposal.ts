import { LIVE_CASE_STATUSES } from '../core/cases/case-vocabulary.ts';
import { replenishmentRequestDocument } from '../core/erp-documents/replenishment-request-documents.ts';
import { type DomainError, domainError } from '../core/errors.ts';
import { transitionProposal } from '../core/replenishment/transition-proposal.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Clock } from '../ports/clock.ts';
import type { ProposalRecord } from '../ports/replenishment-store.ts';
import type { Store } from '../ports/store.ts';
import type { LedgerWriter } from './ledger-writer.ts';
import { approvalCaseKey } from './replenishment/open-replenishment-case.ts';

/** A person's decision on a proposal waiting for approval. */
export type ProposalReview = { readonly id: string; readonly decision: 'approve' | 'reject'; readonly actor: string; readonly note: string | null };

/**
 * `POST /v1/replenishment/proposals/{id}/approve|reject`: one ledger transaction moves the proposal
 * (`proposed → approved | rejected`, the pure transition table; any other state is
 * `proposal_transition_not_allowed`, a 409), writes the ERP request of an approval into the ERP
 * document outbox, and resolves the proposal's `approval_required` case. Then the audit log
 * records who decided and when (after the commit: an entry never describes a decision that
 * rolled back).
 */
export class ReviewProposal {
  constructor(
    private readonly store: Store,
    private readonly writer: LedgerWriter,
    private readonly clock: Clock,
  ) {}

  async review(input: ProposalReview): Promise<Result<ProposalRecord, DomainError>> {
    const caseIds = await this.approvalCaseIds(input.id);
    const outcome = await this.writer.run<Result<ProposalRecord, DomainError>>({
      size: 1,
      run: async ({ tx, nowMs }) => {
        const proposal = await tx.replenishment.lockProposal(input.id);
        if (proposal === undefined) return { value: err(domainError('unknown_proposal', `no replenishment proposal ${input.id}`, 'id')), keep: false };
        const event =
          input.decision === 'approve'
            ? { type: 'approve' as const, by: input.actor }
            : { type: 'reject' as const, by: input.actor, ...(input.note !== null && { note: input.note }) };
        const next = transitionProposal(proposal, event, nowMs);
        if (!next.ok) return { value: err(domainError('proposal_transition_not_allowed', next.error.message, 'id')), keep: false };
        await tx.replenishment.updateProposal(next.value, nowMs);
        if (input.decision === 'approve') await tx.enqueueErpDocuments([replenishmentRequestDocument(next.value, nowMs)], nowMs);
        for (const caseId of caseIds) await tx.cases.autoResolve(caseId, `proposal ${input.id} ${next.value.status} by ${input.actor}`, nowMs);
        return { value: ok({ ...proposal, ...next.value, updatedAtMs: nowMs }), keep: true };
      },
    });
    if (!outcome.ok) return outcome;
    const p = outcome.value;
    await this.store.audit.append({
      atMs: p.reviewedAtMs ?? this.clock.now(),
      actor: input.actor,
      action: input.decision === 'approve' ? 'replenishment.approved' : 'replenishment.rejected',
      subject: `proposal:${p.id}`,
      details: { note: input.note, kind: p.kind, sku: p.sku, node: p.node, fromNode: p.fromNode, supplier: p.supplier, qty: p.qty, value: p.value },
    });
    return outcome;
  }

  /** Live `approval_required` cases of the proposal (one per dedupe key; found by its SKU and node). */
  private async approvalCaseIds(id: string): Promise<number[]> {
    const proposal = await this.store.replenishment.proposal(id);
    if (proposal === undefined) return [];
    const ids: number[] = [];
    for (const status of LIVE_CASE_STATUSES) {
      const page = await this.store.cases.list({ type: 'approval_required', status, sku: proposal.sku, node: proposal.node }, { cursor: null, limit: 1_000 });
      for (const c of page.items) if (c.dedupeKey === approvalCaseKey(id)) ids.push(c.id);
    }
    return ids;
  }
}
