import { randomUUID } from 'node:crypto';
import { assert } from '../core/assert.ts';
import { eventKey } from '../ports/store.ts';
import type { CommandContext } from './ledger-writer.ts';
import type { ReturnCause } from './return-step-runner.ts';

/**
 * The CloudEvents source under which the returns API journals its commands, so every movement a
 * return makes points to its cause in `GET /v1/ledger` like an ingested event does.
 */
export const RETURN_JOURNAL_SOURCE = 'omnistock/returns';

/**
 * Journals one returns command (`receive`, `inspect`, `dispose`) as `<action>:<returnId>:<uuid>`.
 * The body is the request with the return id; its top-level `reference` and `claimReference`
 * reach the VendorReturn ERP document (enqueue-erp-documents.ts reads them from the journal).
 * A rolled-back command releases its claim with its savepoint.
 */
export async function journalReturnCommand(
  context: CommandContext,
  action: string,
  returnId: string,
  body: Readonly<Record<string, unknown>>,
): Promise<ReturnCause> {
  const id = `${action}:${returnId}:${randomUUID()}`;
  const type = `return.${action}`;
  const claimed = await context.tx.claimEvents(
    [{ source: RETURN_JOURNAL_SOURCE, id, type, occurredAtMs: context.nowMs, body: JSON.stringify({ ...body, returnId }) }],
    context.nowMs,
  );
  const eventSeq = claimed.get(eventKey(RETURN_JOURNAL_SOURCE, id));
  assert(eventSeq !== undefined, `journal id ${id} is random and cannot exist`);
  return { source: RETURN_JOURNAL_SOURCE, id, type, eventSeq, atMs: context.nowMs };
}
