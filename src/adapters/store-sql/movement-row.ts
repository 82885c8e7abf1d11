import type { Selectable } from 'kysely';
import { assert } from '../../core/assert.ts';
import { asNodeId, asSku } from '../../core/ids.ts';
import { type Account, type Bucket, isBucket, type Side } from '../../core/ledger/buckets.ts';
import type { MovementReason, RecordedMovement } from '../../core/ledger/movement.ts';
import type { Tables } from './tables.ts';

/**
 * One movement row stores each side as (node, kind): a bucket at a node, or an account with a
 * null node. This mapper is the only place that knows the encoding.
 */
export function sideToColumns(side: Side): { node: string | null; kind: string } {
  return 'bucket' in side ? { node: side.node, kind: side.bucket } : { node: null, kind: side.account };
}

export function columnsToSide(node: string | null, kind: string): Side {
  if (node === null) return { account: kind as Account };
  assert(isBucket(kind), `stored movement has unknown bucket ${kind}`);
  return { node: asNodeId(node), bucket: kind as Bucket };
}

export function toRecordedMovement(r: Selectable<Tables['movement']>): RecordedMovement {
  return {
    seq: Number(r.seq),
    sku: asSku(r.sku),
    from: columnsToSide(r.from_node, r.from_kind),
    to: columnsToSide(r.to_node, r.to_kind),
    qty: Number(r.qty),
    reason: r.reason as MovementReason,
    occurredAtMs: Number(r.occurred_at),
    eventSeq: Number(r.event_seq),
    recordedAtMs: Number(r.recorded_at),
  };
}
