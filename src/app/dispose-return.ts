import type { DomainError } from '../core/errors.ts';
import type { Result } from '../core/result.ts';
import { type DispositionLine, disposeReturn } from '../core/returns/dispose-return.ts';
import type { ReturnAuthorisation } from '../core/returns/return-authorisation.ts';
import type { ReturnState } from '../core/returns/return-unit.ts';
import type { CommandContext, LedgerWriter } from './ledger-writer.ts';
import { journalReturnCommand } from './return-journal.ts';
import { type Policies, type ReturnCause, runReturnStep } from './return-step-runner.ts';

/** The disposition step, shared by the operator's `POST /v1/returns/{id}/dispose` and `refurbish.completed`. */
export function disposeStep(
  context: CommandContext,
  policies: Policies,
  returnId: string,
  idField: string,
  cause: ReturnCause,
  lines: readonly DispositionLine[],
  only?: ReturnState,
) {
  return runReturnStep(context, policies, returnId, idField, cause, async (r, { items }) =>
    disposeReturn(r, lines, items, cause.atMs, only === undefined ? {} : { only }),
  );
}

/** What the operator may add: the vendor's claim and the PO a vendor return goes against (ERP VendorReturn). */
export type DisposeReferences = { readonly claimReference?: string | undefined; readonly reference?: string | undefined };

/**
 * `POST /v1/returns/{id}/dispose`: an operator decides what happens to units — restock, refurbish
 * or damaged for an inspected unit (one the rules held, or overriding nothing: a unit already
 * disposed of is not in `inspected` any more); restock or damaged to end a refurbishment;
 * `vendor_return` (damaged → vendor_return, with the claim) or `dispose` (damaged → disposed)
 * for a damaged unit. The state machine decides what is allowed; a refused line changes nothing.
 */
export class DisposeReturn {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly policies: Policies,
  ) {}

  dispose(returnId: string, lines: readonly DispositionLine[], references: DisposeReferences = {}): Promise<Result<ReturnAuthorisation, DomainError>> {
    return this.writer.run({
      size: lines.length,
      run: async (context) => {
        const cause = await journalReturnCommand(context, 'dispose', returnId, { lines, ...references });
        const done = await disposeStep(context, this.policies, returnId, 'id', cause, lines);
        return { value: done, keep: done.ok };
      },
    });
  }
}
