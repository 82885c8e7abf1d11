import type { DomainError } from '../core/errors.ts';
import type { Result } from '../core/result.ts';
import { type InspectionLine, inspectReturn, serialKey } from '../core/returns/inspect-return.ts';
import type { ReturnAuthorisation } from '../core/returns/return-authorisation.ts';
import type { SerialSale } from '../core/returns/serial-check.ts';
import type { CommandContext, LedgerWriter } from './ledger-writer.ts';
import { journalReturnCommand } from './return-journal.ts';
import { type Policies, type ReturnCause, runReturnStep } from './return-step-runner.ts';

/**
 * The inspection step, shared by `POST /v1/returns/{id}/inspect` and the `return.inspected`
 * event: looks up the sales of the inspected serials and the order's sale date (warranty of
 * non-serialized items), then lets the core inspect and apply the policy's disposition.
 */
export function inspectStep(
  context: CommandContext,
  policies: Policies,
  returnId: string,
  idField: string,
  cause: ReturnCause,
  lines: readonly InspectionLine[],
) {
  return runReturnStep(context, policies, returnId, idField, cause, async (r, { items, policy, tx }) => {
    const keys = lines.flatMap((l) => {
      const declared = r.units.filter((u) => u.sku === l.sku && u.serial !== null).map((u) => u.serial as string);
      return [...new Set([...(l.serial === undefined ? [] : [l.serial]), ...declared])].map((serial) => ({ sku: l.sku, serial }));
    });
    const serialSales = new Map<string, SerialSale[]>();
    for (const s of await tx.returns.serialSales(keys))
      serialSales.set(serialKey(s.sku, s.serial), [...(serialSales.get(serialKey(s.sku, s.serial)) ?? []), s]);
    const orderSoldAtMs = (await tx.returns.orderPlacedAtMs(r.channelId, r.orderRef)) ?? null;
    return inspectReturn(r, lines, { items, serialSales, orderSoldAtMs, policy }, cause.atMs);
  });
}

/** `POST /v1/returns/{id}/inspect`: grades received units and disposes of them by the policy's rules. */
export class InspectReturn {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly policies: Policies,
  ) {}

  inspect(returnId: string, lines: readonly InspectionLine[]): Promise<Result<ReturnAuthorisation, DomainError>> {
    return this.writer.run({
      size: lines.length,
      run: async (context) => {
        const cause = await journalReturnCommand(context, 'inspect', returnId, { lines });
        const done = await inspectStep(context, this.policies, returnId, 'id', cause, lines);
        return { value: done, keep: done.ok };
      },
    });
  }
}
