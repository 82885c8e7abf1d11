import type { NodeId, Sku } from '../ids.ts';
import type { InboundDocument, TransferLine } from './ledger-change.ts';
import type { BucketQuantities } from './position.ts';

/**
 * What the core may read about the ledger while deciding one event. The shell prefetches these
 * facts for a whole batch; the working set answers from them plus the batch's own changes.
 */
export interface LedgerView {
  quantities(sku: Sku, node: NodeId): BucketQuantities;
  lastCountedAtMs(sku: Sku, node: NodeId): number | null;
  /** Net change of sellable units (available + reserved + allocated) by movements that occurred after `afterMs`. */
  sellableMovedAfter(sku: Sku, node: NodeId, afterMs: number): number;
  inboundDocument(reference: string, sku: Sku, node: NodeId): InboundDocument | undefined;
  transferLine(transferId: string, sku: Sku): TransferLine | undefined;
}
