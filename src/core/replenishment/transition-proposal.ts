import { assertNever } from '../assert.ts';
import { err, ok, type Result } from '../result.ts';
import { PROPOSAL_TRANSITIONS, type Proposal, type ProposalDraft, type ProposalState } from './proposal.ts';

/** Events on a proposal, in the vocabulary of the API (`approve`, `reject`) and of the ERP (`order`, `receive`, `cancel`). */
export type ProposalEvent =
  | { readonly type: 'approve'; readonly by: string }
  | { readonly type: 'reject'; readonly by: string; readonly note?: string }
  /** The ERP confirmed the PO or the transfer request under `reference`. */
  | { readonly type: 'order'; readonly reference: string }
  | { readonly type: 'receive' }
  | { readonly type: 'cancel'; readonly note?: string };

const TARGET = { approve: 'approved', reject: 'rejected', order: 'ordered', receive: 'received', cancel: 'cancelled' } as const satisfies Record<
  ProposalEvent['type'],
  ProposalState
>;

/**
 * An illegal transition, as a value (never a silent no-op). Not retryable: a proposal never
 * returns to an earlier state. The shell maps it to a 409 (code `proposal_transition_not_allowed`
 * when it joins the error catalogue).
 */
export type ProposalTransitionError = {
  readonly code: 'proposal_transition_not_allowed';
  readonly proposalId: string;
  readonly from: ProposalState;
  readonly event: ProposalEvent['type'];
  readonly message: string;
};

/** A new proposal from a decision's draft; `id` is chosen by the shell (an idempotency key). */
export const openProposal = (id: string, d: ProposalDraft): Proposal => ({
  ...d,
  id,
  status: 'proposed',
  decidedBy: null,
  reviewedAtMs: null,
  orderReference: null,
  closedAtMs: null,
  note: null,
});

/**
 * Moves a proposal along `PROPOSAL_TRANSITIONS`: proposed → approved | rejected; approved →
 * ordered; ordered → received | cancelled. Every other pair is an error value naming the state.
 *
 * @example
 * transitionProposal(p, { type: 'approve', by: 'buyer@shop' }, now) // ok: status 'approved'
 * transitionProposal(p, { type: 'receive' }, now)                   // err: proposed cannot be received
 */
export function transitionProposal(p: Proposal, event: ProposalEvent, nowMs: number): Result<Proposal, ProposalTransitionError> {
  const target = TARGET[event.type];
  if (!(PROPOSAL_TRANSITIONS[p.status] as readonly ProposalState[]).includes(target)) {
    return err({
      code: 'proposal_transition_not_allowed',
      proposalId: p.id,
      from: p.status,
      event: event.type,
      message: `proposal ${p.id} is ${p.status}: it cannot be ${target}`,
    });
  }
  switch (event.type) {
    case 'approve':
      return ok({ ...p, status: 'approved', decidedBy: event.by, reviewedAtMs: nowMs });
    case 'reject':
      return ok({ ...p, status: 'rejected', decidedBy: event.by, reviewedAtMs: nowMs, closedAtMs: nowMs, note: event.note ?? null });
    case 'order':
      return ok({ ...p, status: 'ordered', orderReference: event.reference });
    case 'receive':
      return ok({ ...p, status: 'received', closedAtMs: nowMs });
    case 'cancel':
      return ok({ ...p, status: 'cancelled', closedAtMs: nowMs, note: event.note ?? null });
    default:
      return assertNever(event, 'proposal event');
  }
}
