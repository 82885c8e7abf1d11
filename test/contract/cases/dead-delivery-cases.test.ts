// Outbound dead letters become cases on every store backend: an outbox row marked dead through the
// decorated repository opens channel_push_failed (one per channel), an ERP document failed_integration
// (one per document type); further dead rows add occurrences. Real repositories, no dispatcher.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCasesOnDeadErpDocuments, openCasesOnDeadPushes } from '../../../src/app/cases/dead-delivery-cases.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';
import { fakeClock } from '../../support/workflow-harness.ts';
import { caseRig, casesPolicy, events, seed } from './case-harness.ts';

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`dead deliveries on ${backend.name}`, () => {
    let opened: OpenedStore;
    beforeEach(async () => {
      opened = await backend.open();
      await seed(opened.store);
    });
    afterEach(() => opened.dispose());

    it('opens channel_push_failed per channel and failed_integration per ERP document type', async () => {
      const { store } = opened;
      const clock = fakeClock();
      const deps = { cases: store.cases, clock, policies: { current: () => casesPolicy() } };
      const row = (sku: string) => ({
        kind: 'channel_availability' as const,
        channel: 'web',
        sku,
        payload: { available: 1 },
        causedAtMs: clock.now(),
        createdAtMs: clock.now(),
      });
      await store.ingestTransaction((tx) => tx.enqueueOutbox([row('A'), row('B')]));
      const outbox = openCasesOnDeadPushes(store.outbox, deps);
      for (const r of (await store.outbox.list({}, { cursor: null, limit: 10 })).items) await outbox.markDead(r.id, 'rejected 422');
      expect((await store.outbox.list({ status: 'dead' }, { cursor: null, limit: 10 })).items).toHaveLength(2);
      const rig = caseRig(store, clock);
      await rig.post([events.receipt(3)]);
      await rig.runtime.writer.idle();
      const [doc] = (await store.erpDocuments.list({}, { cursor: null, limit: 10 })).items;
      expect(doc).toBeDefined();
      await openCasesOnDeadErpDocuments(store.erpDocuments, deps).markDead(doc?.id ?? 0, 'ERP said no');
      const cases = (await store.cases.list({}, { cursor: null, limit: 10 })).items;
      expect(cases.map((c) => [c.type, c.dedupeKey, c.occurrences, c.severity])).toEqual([
        ['channel_push_failed', 'channel_push_failed:web', 2, 'high'],
        ['failed_integration', `failed_integration:erp:${doc?.type}`, 1, 'high'],
      ]);
      expect(cases[0]?.details).toMatchObject({ channel: 'web', sku: 'B', error: 'rejected 422' });
      expect(cases[1]?.details).toMatchObject({ direction: 'outbound', target: 'erp', documentId: doc?.id, error: 'ERP said no' });
    });
  });
}
