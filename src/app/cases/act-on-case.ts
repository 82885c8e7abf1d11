import { decideCaseAction } from '../../core/cases/case-lifecycle.ts';
import type { CaseOperatorAction } from '../../core/cases/case-vocabulary.ts';
import { type DomainError, domainError } from '../../core/errors.ts';
import { limits } from '../../core/limits.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { AuditAction } from '../../ports/audit-log.ts';
import type { CaseRecord, CaseRepository } from '../../ports/case-store.ts';
import type { Clock } from '../../ports/clock.ts';

const AUDIT_ACTION_OF = {
  acknowledge: 'case.acknowledged',
  resolve: 'case.resolved',
  dismiss: 'case.dismissed',
  assign: 'case.assigned',
} as const satisfies Record<CaseOperatorAction, AuditAction>;

export type CaseActionRequest = {
  readonly caseId: number;
  readonly action: CaseOperatorAction;
  /** The API key's name. */
  readonly actor: string;
  readonly note: string | null;
  readonly assignee: string | null;
};

/**
 * An operator's action on a case (`POST /v1/cases/{id}/<action>`), outside the ledger: read the
 * case, let the core decide (`decideCaseAction`), then one repository transaction writes the new
 * state guarded on the status and assignee it was decided from, the history entry and the audit
 * entry. Losing a race with another action re-reads and decides again (bounded), so the second of
 * two concurrent resolves gets `case_already_closed`, never a silent overwrite.
 */
export async function actOnCase(cases: CaseRepository, clock: Clock, request: CaseActionRequest): Promise<Result<CaseRecord, DomainError>> {
  for (let attempt = 1; attempt <= limits.caseActionAttemptsMax; attempt += 1) {
    const current = await cases.get(request.caseId, 0);
    if (current === undefined) return err(domainError('unknown_case', `no case ${request.caseId}`, 'id'));
    const atMs = clock.now();
    const decided = decideCaseAction(current, request.action, { actor: request.actor, atMs, note: request.note, assignee: request.assignee });
    if (!decided.ok) return decided;
    const next = decided.value;
    const outcome = await cases.applyAction(
      {
        caseId: current.id,
        fromStatus: current.status,
        fromAssignee: current.assignee,
        next,
        action: request.action,
        actor: request.actor,
        note: request.note,
        atMs,
      },
      {
        atMs,
        actor: request.actor,
        action: AUDIT_ACTION_OF[request.action],
        subject: `case:${current.id}`,
        details: { type: current.type, from: current.status, to: next.status, note: request.note, assignee: next.assignee },
      },
    );
    if (outcome === 'applied') return ok({ ...current, ...next, updatedAtMs: atMs });
  }
  // Only a case changing faster than a person can click gets here.
  return err(domainError('overloaded', `case ${request.caseId} kept changing; retry`));
}
