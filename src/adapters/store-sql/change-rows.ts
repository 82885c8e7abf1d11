import { BUCKETS, type Bucket, isBucketSide } from '../../core/ledger/buckets.ts';
import { positionKey } from '../../core/ledger/replay.ts';
import type { DecidedEvent } from '../../ports/store.ts';
import { sideToColumns } from './movement-row.ts';
import type { Tables } from './tables.ts';

export type PositionDelta = { sku: string; node: string } & { [B in Bucket]: number } & { lastCountedAtMs: number | null };

/**
 * Flattens a batch of decided events into the rows both adapters write: movement rows, one summed
 * delta per touched position (so each position row is updated once per transaction, and never by
 * read-modify-write), and the newest count time per position.
 */
export function changeRows(decided: readonly DecidedEvent[], recordedAtMs: number) {
  const movements: Omit<Tables['movement'], 'seq'>[] = [];
  const deltas = new Map<string, PositionDelta>();
  const deltaOf = (sku: string, node: string): PositionDelta => {
    const key = positionKey(sku, node);
    let d = deltas.get(key);
    if (!d) {
      d = { sku, node, available: 0, reserved: 0, allocated: 0, quarantine: 0, refurbish: 0, damaged: 0, inbound: 0, lastCountedAtMs: null };
      deltas.set(key, d);
    }
    return d;
  };
  const counts: Omit<Tables['cycle_count'], 'seq'>[] = [];
  for (const { eventSeq, change } of decided) {
    for (const m of change.movements) {
      const from = sideToColumns(m.from);
      const to = sideToColumns(m.to);
      movements.push({
        sku: m.sku,
        from_node: from.node,
        from_kind: from.kind,
        to_node: to.node,
        to_kind: to.kind,
        qty: m.qty,
        reason: m.reason,
        event_seq: eventSeq,
        occurred_at: m.occurredAtMs,
        recorded_at: recordedAtMs,
      });
      if (isBucketSide(m.from)) deltaOf(m.sku, m.from.node)[m.from.bucket] -= m.qty;
      if (isBucketSide(m.to)) deltaOf(m.sku, m.to.node)[m.to.bucket] += m.qty;
    }
    const c = change.count;
    if (c) {
      counts.push({
        sku: c.sku,
        node: c.node,
        counted_at: c.countedAtMs,
        counted_qty: c.countedQty,
        expected_qty: c.expectedQty,
        variance: c.variance,
        superseded: c.superseded ? 1 : 0,
        event_seq: eventSeq,
      });
      const d = deltaOf(c.sku, c.node);
      if (!c.superseded) d.lastCountedAtMs = Math.max(d.lastCountedAtMs ?? c.countedAtMs, c.countedAtMs);
    }
  }
  const documents = new Map<string, Tables['inbound_document']>();
  const transfers = new Map<string, Tables['transfer_line']>();
  for (const { change } of decided) {
    for (const d of change.inboundDocuments) {
      documents.set(`${d.reference}\u0000${d.sku}\u0000${d.node}`, {
        reference: d.reference,
        sku: d.sku,
        node: d.node,
        announced_qty: d.announcedQty,
        received_qty: d.receivedQty,
        expected_at: d.expectedAtMs,
      });
    }
    for (const l of change.transferLines) {
      transfers.set(`${l.transferId}\u0000${l.sku}`, {
        transfer_id: l.transferId,
        sku: l.sku,
        from_node: l.fromNode,
        to_node: l.toNode,
        shipped_qty: l.shippedQty,
        received_qty: l.receivedQty,
        shipped_at: l.shippedAtMs,
        expected_at: l.expectedAtMs,
      });
    }
  }
  return { movements, positionDeltas: [...deltas.values()], counts, documents: [...documents.values()], transfers: [...transfers.values()] };
}

export const SELLABLE_KINDS_SQL = `('available', 'reserved', 'allocated')`;
export { BUCKETS };
