import { type CausedMovements, documentsFor } from '../core/erp-documents/documents-for.ts';
import type { IngestTransaction } from '../ports/store.ts';
import type { AfterCommands } from './ledger-writer.ts';
import type { WrittenMovements } from './movement-recorder.ts';

/**
 * The ERP documents' producer, a LedgerWriter after-step (registered last in
 * `createLedgerRuntime`): the transaction's written movements become normalised documents
 * (`documentsFor`, pure) valued at the item master's unit cost, inserted in the same transaction
 * with `on conflict (idempotency_key) do nothing`. A document therefore exists iff its movement
 * committed, and a replayed or re-posted event (which writes no movement, or the same key) makes
 * no second one.
 */
export const enqueueErpDocuments: AfterCommands = async (tx, _touched, nowMs, written) => {
  if (written.length === 0) return;
  const caused = written.map(toCausedMovements);
  const skus = [...new Set(caused.flatMap((c) => c.movements.map((m) => m.sku)))];
  const documents = documentsFor(caused, await unitCostsOf(tx, skus));
  if (documents.length > 0) await tx.enqueueErpDocuments(documents, nowMs);
};

/**
 * Unit costs read on the transaction's own connection (a second pooled connection per
 * transaction could exhaust the PostgreSQL pool). `sourcingMasterData` is the transaction's one
 * item read; with no channel it reads just the items.
 */
async function unitCostsOf(tx: IngestTransaction, skus: readonly string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const { items } = await tx.workflow.sourcingMasterData('', skus);
  return new Map(items.map((i) => [i.sku, i.unitCost]));
}

function toCausedMovements(w: WrittenMovements): CausedMovements {
  // A cause not claimed in this transaction still needs a stable identity: its journal sequence.
  const cause =
    w.cause === null
      ? { source: 'omnistock/journal', id: `seq:${w.eventSeq}`, type: 'unknown' }
      : { source: w.cause.source, id: w.cause.id, type: w.cause.type };
  return { cause, data: w.cause === null ? null : dataOf(w.cause.body), movements: w.movements, transferLines: w.transferLines };
}

/** The CloudEvent's `data` object, or the journalled command body itself when it has none. */
function dataOf(body: string): Readonly<Record<string, unknown>> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const data = (parsed as { data?: unknown }).data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as Record<string, unknown>;
  return parsed as Record<string, unknown>;
}
