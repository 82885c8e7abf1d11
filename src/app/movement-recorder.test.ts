// MovementRecorder over a fake transaction: what after-steps see mirrors what will commit —
// movements of rolled-back (nested) savepoints are dropped, failed guards are not recorded,
// and every movement carries the event journalled under its sequence.
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../core/ids.ts';
import { account, at } from '../core/ledger/buckets.ts';
import { emptyChange } from '../core/ledger/ledger-change.ts';
import { movement } from '../core/ledger/movement.ts';
import type { EventRecord, IngestTransaction } from '../ports/store.ts';
import { MovementRecorder } from './movement-recorder.ts';

const m = (qty: number) => movement(asSku('A'), at(asNodeId('S1'), 'available'), account('shrink'), qty, 'cycle_count', 0);
const event = (id: string): EventRecord => ({ source: 'wms', id, type: 'wms.cycle_count', occurredAtMs: 0, body: '{}' });

function fakeTx(): IngestTransaction & { calls: string[] } {
  let seq = 0;
  const calls: string[] = [];
  return {
    calls,
    claimEvents: async (events: readonly EventRecord[]) => new Map(events.map((e) => [`${e.source}\u0000${e.id}`, ++seq])),
    writeChanges: async () => void calls.push('writeChanges'),
    savepoint: async () => void calls.push('savepoint'),
    releaseSavepoint: async () => void calls.push('release'),
    rollbackToSavepoint: async () => void calls.push('rollback'),
    workflow: { applyGuardedMovements: async (ms: readonly unknown[]) => (ms.length > 1 ? { ok: false, failedIndex: 1 } : { ok: true }) },
  } as unknown as IngestTransaction & { calls: string[] };
}

describe('MovementRecorder', () => {
  it('records kept writes with their cause and drops those of rolled-back savepoints, nested ones included', async () => {
    const inner = fakeTx();
    const recorder = new MovementRecorder(inner);
    const tx = recorder.tx;
    await tx.savepoint();
    const claimed = await tx.claimEvents([event('e1'), event('e2')], 0);
    await tx.writeChanges([{ eventSeq: claimed.get('wms\u0000e1') as number, change: { ...emptyChange(), movements: [m(1)] } }], 0);
    await tx.savepoint();
    await tx.writeChanges([{ eventSeq: claimed.get('wms\u0000e2') as number, change: { ...emptyChange(), movements: [m(2)] } }], 0);
    await tx.rollbackToSavepoint(); // the inner workflow event was rejected
    await tx.releaseSavepoint();
    await tx.savepoint();
    await tx.writeChanges([{ eventSeq: 99, change: { ...emptyChange(), movements: [m(3)] } }], 0);
    await tx.rollbackToSavepoint(); // the whole command lost its race
    expect(recorder.written.map((w) => [w.cause?.id, w.movements[0]?.qty])).toEqual([['e1', 1]]);
    expect(inner.calls).toEqual(['savepoint', 'writeChanges', 'savepoint', 'writeChanges', 'rollback', 'release', 'savepoint', 'writeChanges', 'rollback']);
  });

  it('records applied guarded movements only', async () => {
    const recorder = new MovementRecorder(fakeTx());
    await recorder.tx.workflow.applyGuardedMovements([m(1)], 7, () => 0, 0);
    await recorder.tx.workflow.applyGuardedMovements([m(1), m(2)], 8, () => 0, 0);
    expect(recorder.written.map((w) => [w.eventSeq, w.cause])).toEqual([[7, null]]);
  });
});
