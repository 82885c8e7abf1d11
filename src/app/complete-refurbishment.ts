import type { DispositionLine } from '../core/returns/dispose-return.ts';
import { disposeStep } from './dispose-return.ts';
import type { CommandContext } from './ledger-writer.ts';
import type { Policies, ReturnCause } from './return-step-runner.ts';

/**
 * `refurbish.completed`: refurbishing units are back to stock (refurbish → available, channels
 * see them) or could not be repaired (refurbish → damaged, then vendor return or disposal). Only
 * refurbishing units are considered, so the event can never restock a unit still in quarantine.
 */
export function completeRefurbishment(context: CommandContext, policies: Policies, returnId: string, cause: ReturnCause, lines: readonly DispositionLine[]) {
  return disposeStep(context, policies, returnId, 'data.returnId', cause, lines, 'refurbishing');
}
