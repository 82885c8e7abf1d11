import type { DomainError } from '../core/errors.ts';
import { ok, type Result } from '../core/result.ts';
import { receiveReturn } from '../core/returns/receive-return.ts';
import type { ReturnAuthorisation } from '../core/returns/return-authorisation.ts';
import type { CommandContext, LedgerWriter } from './ledger-writer.ts';
import { journalReturnCommand } from './return-journal.ts';
import { type Policies, type ReturnCause, runReturnStep } from './return-step-runner.ts';

/** The receipt step, shared by `POST /v1/returns/{id}/receive` and the `return.received` event. */
export function receiveStep(context: CommandContext, policies: Policies, returnId: string, idField: string, cause: ReturnCause) {
  return runReturnStep(context, policies, returnId, idField, cause, async (r) => receiveReturn(r, cause.atMs, {}));
}

/**
 * `POST /v1/returns/{id}/receive`: the parcel arrived; every unit moves customer → quarantine at
 * the receiving node. Quarantine is not available, so nothing is sellable before inspection.
 */
export class ReceiveReturn {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly policies: Policies,
  ) {}

  receive(returnId: string): Promise<Result<ReturnAuthorisation, DomainError>> {
    return this.writer.run({
      size: 1,
      run: async (context) => {
        const cause = await journalReturnCommand(context, 'receive', returnId, {});
        const done = await receiveStep(context, this.policies, returnId, 'id', cause);
        return { value: done.ok ? ok(done.value) : done, keep: done.ok };
      },
    });
  }
}
