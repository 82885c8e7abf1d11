import { caseKeys } from '../../core/cases/case-draft.ts';
import type { DeadLetterInput, IngestTransaction } from '../../ports/store.ts';
import { type CasePolicySource, openCase } from './open-case.ts';

/**
 * The inbound `failed_integration` trigger, run right after dead letters are written in the ledger
 * transaction: one live case per (source, type) of rejected event, each dead letter an
 * occurrence, so a producer sending a thousand bad events makes one case to fix, not a thousand.
 * The details name the latest event and why it was refused.
 */
export async function openInboundDeadLetterCases(
  tx: IngestTransaction,
  policies: CasePolicySource,
  deadLetters: readonly DeadLetterInput[],
  nowMs: number,
): Promise<void> {
  for (const d of deadLetters) {
    await openCase(
      tx.cases,
      policies,
      {
        type: 'failed_integration',
        dedupeKey: caseKeys.inboundDeadLetter(d.source, d.type),
        severity: 'medium',
        sku: null,
        node: null,
        orderId: null,
        details: { direction: 'inbound', source: d.source, eventType: d.type, eventId: d.eventId, error: d.error },
        unitsAtRisk: null,
      },
      nowMs,
    );
  }
}
