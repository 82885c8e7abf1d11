// The store's guarded take on every backend: a command whose second demand finds too little stock
// leaves nothing written (the first guard's units are given back, no movement, no other delta),
// and a command that passes applies every side and movement in one go.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../../../src/core/ids.ts';
import { at } from '../../../src/core/ledger/buckets.ts';
import { movement } from '../../../src/core/ledger/movement.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';
import { buildWorkflows, receipt, seedNetwork, type Workflows } from '../../support/workflow-harness.ts';

const hold = (sku: string, node: string, qty: number) =>
  movement(asSku(sku), at(asNodeId(node), 'available'), at(asNodeId(node), 'reserved'), qty, 'reservation', 1_800_000_000_000);

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`guarded movements on ${backend.name}`, () => {
    let opened: OpenedStore;
    let w: Workflows;

    beforeEach(async () => {
      opened = await backend.open();
      await seedNetwork(opened.store, ['A', 'B'], [{ id: 'N1' }, { id: 'N2', latitude: 48, longitude: 11 }]);
      w = await buildWorkflows(opened.store);
      await w.post([receipt('A', 'N1', 5), receipt('B', 'N2', 3)]);
    });
    afterEach(async () => {
      expect(await opened.store.ledger.verifyProjection()).toEqual([]);
      await opened.dispose();
    });

    const apply = (movements: ReturnType<typeof hold>[], floor = 0) =>
      opened.store.ingestTransaction(async (tx) => {
        const [claimed] = (await tx.claimEvents([{ source: 'test/guard', id: `g-${Math.random()}`, type: 'test', occurredAtMs: 0, body: '{}' }], 0)).values();
        return tx.workflow.applyGuardedMovements(movements, claimed as number, () => floor, 1_800_000_000_000);
      });

    it('leaves nothing written when a later guard fails, and names the failing movement', async () => {
      const movementsBefore = (await opened.store.ledger.movements({}, { cursor: null, limit: 100 })).items.length;
      const outcome = await apply([hold('A', 'N1', 4), hold('B', 'N2', 4)]);
      expect(outcome).toEqual({ ok: false, failedIndex: 1 });
      expect(await w.position('A', 'N1')).toEqual({ available: 5, reserved: 0, allocated: 0 });
      expect(await w.position('B', 'N2')).toEqual({ available: 3, reserved: 0, allocated: 0 });
      expect((await opened.store.ledger.movements({}, { cursor: null, limit: 100 })).items).toHaveLength(movementsBefore);
    });

    it('keeps the floor (safety stock) and applies every side of a command that passes', async () => {
      expect(await apply([hold('A', 'N1', 3)], 3)).toMatchObject({ ok: false });
      expect(await apply([hold('A', 'N1', 2), hold('A', 'N1', 1), hold('B', 'N2', 3)], 2)).toMatchObject({ ok: false });
      expect(await apply([hold('A', 'N1', 2), hold('A', 'N1', 1), hold('B', 'N2', 3)])).toEqual({ ok: true });
      expect(await w.position('A', 'N1')).toEqual({ available: 2, reserved: 3, allocated: 0 });
      expect(await w.position('B', 'N2')).toEqual({ available: 0, reserved: 3, allocated: 0 });
      expect((await opened.store.ledger.movements({ sku: 'A' }, { cursor: null, limit: 100 })).items.filter((m) => m.reason === 'reservation')).toHaveLength(2);
    });
  });
}
