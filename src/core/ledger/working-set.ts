import { assert } from '../assert.ts';
import type { NodeId, Sku } from '../ids.ts';
import { type Bucket, isBucketSide, type Side } from './buckets.ts';
import { sellableDelta } from './late-posting.ts';
import type { InboundDocument, LedgerChange, TransferLine } from './ledger-change.ts';
import type { LedgerView } from './ledger-view.ts';
import type { Movement } from './movement.ts';
import { type BucketQuantities, ZERO_QUANTITIES } from './position.ts';
import { positionKey } from './replay.ts';

/** Facts a store prefetches for a batch of events, before any of them is decided. */
export type LedgerFacts = {
  readonly positions: ReadonlyMap<string, BucketQuantities & { lastCountedAtMs: number | null }>;
  readonly inboundDocuments: ReadonlyMap<string, InboundDocument>;
  readonly transferLines: ReadonlyMap<string, TransferLine>;
  /** Net sellable change after a time, keyed `positionKey(sku,node)\u0000afterMs`, from stored movements. */
  readonly sellableMovedAfter: ReadonlyMap<string, number>;
};

export const inboundDocumentKey = (reference: string, sku: string, node: string): string => `${reference}\u0000${sku}\u0000${node}`;
export const transferLineKey = (transferId: string, sku: string): string => `${transferId}\u0000${sku}`;
export const movedAfterKey = (sku: string, node: string, afterMs: number): string => `${positionKey(sku, node)}\u0000${afterMs}`;

type MutablePosition = { [B in Bucket]: number } & { lastCountedAtMs: number | null };

/**
 * The ledger as a batch of events sees it while being decided: the prefetched facts plus every
 * change already decided earlier in the same batch. Pure and in memory; the store writes the
 * accumulated changes in one transaction afterwards.
 */
export class LedgerWorkingSet implements LedgerView {
  private readonly positions = new Map<string, MutablePosition>();
  private readonly documents: Map<string, InboundDocument>;
  private readonly transfers: Map<string, TransferLine>;
  /** Movements decided in this batch, per position, to answer `sellableMovedAfter`. */
  private readonly batchMovements = new Map<string, Movement[]>();

  constructor(private readonly facts: LedgerFacts) {
    this.documents = new Map(facts.inboundDocuments);
    this.transfers = new Map(facts.transferLines);
  }

  quantities(sku: Sku, node: NodeId): BucketQuantities {
    return this.position(sku, node);
  }

  lastCountedAtMs(sku: Sku, node: NodeId): number | null {
    // Asked for every event (late-posting check): read without copying the position.
    const key = positionKey(sku, node);
    return (this.positions.get(key) ?? this.facts.positions.get(key))?.lastCountedAtMs ?? null;
  }

  sellableMovedAfter(sku: Sku, node: NodeId, afterMs: number): number {
    const stored = this.facts.sellableMovedAfter.get(movedAfterKey(sku, node, afterMs));
    assert(stored !== undefined, `sellableMovedAfter was not prefetched for ${sku} at ${node} after ${afterMs}`);
    const inBatch = (this.batchMovements.get(positionKey(sku, node)) ?? []).filter((m) => m.occurredAtMs > afterMs);
    return stored + sellableDelta(inBatch, node);
  }

  inboundDocument(reference: string, sku: Sku, node: NodeId): InboundDocument | undefined {
    return this.documents.get(inboundDocumentKey(reference, sku, node));
  }

  transferLine(transferId: string, sku: Sku): TransferLine | undefined {
    return this.transfers.get(transferLineKey(transferId, sku));
  }

  /** Applies a decided change so later events in the batch see it. */
  apply(change: LedgerChange): void {
    for (const m of change.movements) {
      this.applySide(m, m.from, -m.qty);
      this.applySide(m, m.to, m.qty);
    }
    for (const d of change.inboundDocuments) this.documents.set(inboundDocumentKey(d.reference, d.sku, d.node), d);
    for (const l of change.transferLines) this.transfers.set(transferLineKey(l.transferId, l.sku), l);
    if (change.count && !change.count.superseded) this.position(change.count.sku, change.count.node).lastCountedAtMs = change.count.countedAtMs;
  }

  private applySide(m: Movement, side: Side, delta: number): void {
    if (!isBucketSide(side)) return;
    const key = positionKey(m.sku, side.node);
    this.positionAt(key)[side.bucket] += delta;
    const list = this.batchMovements.get(key);
    // A movement within one node (available → reserved) touches the position twice; keep it once.
    if (!list) this.batchMovements.set(key, [m]);
    else if (list.at(-1) !== m) list.push(m);
  }

  private position(sku: Sku, node: NodeId): MutablePosition {
    return this.positionAt(positionKey(sku, node));
  }

  /** The batch's copy of a position (keyed by `positionKey`), made from the prefetched one on first use. */
  private positionAt(key: string): MutablePosition {
    let p = this.positions.get(key);
    if (!p) {
      const s = this.facts.positions.get(key) ?? { ...ZERO_QUANTITIES, lastCountedAtMs: null };
      p = {
        available: s.available,
        reserved: s.reserved,
        allocated: s.allocated,
        quarantine: s.quarantine,
        refurbish: s.refurbish,
        damaged: s.damaged,
        inbound: s.inbound,
        lastCountedAtMs: s.lastCountedAtMs,
      };
      this.positions.set(key, p);
    }
    return p;
  }
}
