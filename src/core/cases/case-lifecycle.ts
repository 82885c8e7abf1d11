import { assertNever } from '../assert.ts';
import { type DomainError, domainError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import type { CaseOperatorAction, CaseStatus } from './case-vocabulary.ts';

/**
 * The case lifecycle as a transition table (STYLE §5): open → acknowledged → resolved | dismissed,
 * and open → resolved | dismissed directly. Terminal states have no way out.
 */
export const CASE_TRANSITIONS = {
  open: ['acknowledged', 'resolved', 'dismissed'],
  acknowledged: ['resolved', 'dismissed'],
  resolved: [],
  dismissed: [],
} as const satisfies Record<CaseStatus, readonly CaseStatus[]>;

/** The part of a case an action reads and writes. */
export type CaseLifecycleState = {
  readonly status: CaseStatus;
  readonly assignee: string | null;
  readonly acknowledgedAtMs: number | null;
  readonly closedAtMs: number | null;
  readonly closedBy: string | null;
  readonly resolutionNote: string | null;
  readonly autoReason: string | null;
};

/** Who acts, when, and with what (`assignee` only for `assign`). */
export type CaseActionInput = {
  readonly actor: string;
  readonly atMs: number;
  readonly note: string | null;
  readonly assignee: string | null;
};

const canMove = (from: CaseStatus, to: CaseStatus): boolean => (CASE_TRANSITIONS[from] as readonly CaseStatus[]).includes(to);

function refusal(from: CaseStatus, action: CaseOperatorAction | 'auto_resolve'): DomainError {
  if (from === 'resolved' || from === 'dismissed')
    return domainError('case_already_closed', `the case is ${from}; a closed case is never changed again (${action} refused)`);
  return domainError('case_already_acknowledged', `the case is already ${from}; ${action} is not allowed from ${from}`);
}

/**
 * Applies an operator action to a case, or says why it may not. `assign` keeps the status and
 * needs an assignee; the others move the status by `CASE_TRANSITIONS`. Not retryable: a refusal
 * depends on the case's state, which only moves forward.
 *
 * @example
 * const next = decideCaseAction(c, 'resolve', { actor: 'ops-key', atMs: now, note: 'recounted', assignee: null });
 * if (!next.ok) reply(409, next.error);
 */
export function decideCaseAction(state: CaseLifecycleState, action: CaseOperatorAction, input: CaseActionInput): Result<CaseLifecycleState, DomainError> {
  switch (action) {
    case 'assign':
      if (input.assignee === null) return err(domainError('invalid_request', 'assign needs an assignee', 'assignee'));
      if (state.status === 'resolved' || state.status === 'dismissed') return err(refusal(state.status, action));
      return ok({ ...state, assignee: input.assignee });
    case 'acknowledge':
      if (!canMove(state.status, 'acknowledged')) return err(refusal(state.status, action));
      return ok({ ...state, status: 'acknowledged', acknowledgedAtMs: input.atMs, assignee: input.assignee ?? state.assignee });
    case 'resolve':
    case 'dismiss': {
      const to = action === 'resolve' ? 'resolved' : 'dismissed';
      if (!canMove(state.status, to)) return err(refusal(state.status, action));
      return ok({
        ...state,
        status: to,
        closedAtMs: input.atMs,
        closedBy: input.actor,
        resolutionNote: input.note,
        assignee: input.assignee ?? state.assignee,
      });
    }
    default:
      return assertNever(action, 'case action');
  }
}

/**
 * Resolves a case whose condition cleared by itself (a negative available restored by a receipt),
 * recording why. Refused for a closed case like any other action.
 */
export function autoResolveCase(state: CaseLifecycleState, reason: string, atMs: number): Result<CaseLifecycleState, DomainError> {
  if (!canMove(state.status, 'resolved')) return err(refusal(state.status, 'auto_resolve'));
  return ok({ ...state, status: 'resolved', closedAtMs: atMs, closedBy: 'system', autoReason: reason });
}
