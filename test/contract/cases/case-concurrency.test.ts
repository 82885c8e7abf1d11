// "A case is opened exactly once per dedupe key under concurrent triggers": many concurrent ledger
// commands and direct opens hit the same keys, on every backend, and on PostgreSQL from two stores
// (two pools, as two processes would have) on one database. Counted occurrences must be exact.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../src/adapters/store-postgres/postgres-store.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import type { CaseDraft } from '../../../src/core/cases/case-draft.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent } from '../../support/fixtures.ts';
import { type OpenedStore, postgresBackend, STORE_BACKENDS } from '../../support/stores.ts';
import { fakeClock } from '../../support/workflow-harness.ts';
import { caseRig, casesPolicy, events, seed } from './case-harness.ts';

const REQUESTS = 40;
const bad = () => cloudEvent('pos.sale', { sku: 'NOPE', node: 'S1', qty: 1 }, { source: 'pos/flaky' });
const draft: CaseDraft = {
  type: 'serial_mismatch',
  dedupeKey: 'serial_mismatch:R-1',
  severity: 'medium',
  sku: 'A',
  node: 'S1',
  orderId: null,
  details: {},
  unitsAtRisk: 1,
};
const policies = { current: () => casesPolicy() };

async function casesOf(store: Store, dedupeKey: string) {
  const all = await store.cases.list({}, { cursor: null, limit: 1_000 });
  return all.items.filter((c) => c.dedupeKey === dedupeKey);
}

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`concurrent triggers on ${backend.name}`, () => {
    let opened: OpenedStore;
    beforeEach(async () => {
      opened = await backend.open();
      await seed(opened.store);
    });
    afterEach(() => opened.dispose());

    it('opens one case per key from many concurrent ledger commands, one occurrence per dead letter', async () => {
      const rig = caseRig(opened.store);
      await rig.post([events.receipt(5)]);
      const verdicts = await Promise.all(
        Array.from({ length: REQUESTS }, (_, i) => rig.post([bad(), events.sale(1, `2026-11-01T10:${String(10 + (i % 40)).padStart(2, '0')}:00Z`)])),
      );
      expect(verdicts.flat().filter((v) => v === 'accepted')).toHaveLength(REQUESTS);
      const failed = await casesOf(opened.store, 'failed_integration:inbound:pos/flaky:pos.sale');
      expect(failed.map((c) => [c.status, c.occurrences])).toEqual([['open', REQUESTS]]);
      const negative = await casesOf(opened.store, 'negative_available:A:S1');
      expect(negative).toHaveLength(1);
      expect(negative[0]?.details).toMatchObject({ available: 5 - REQUESTS });
    });

    it('opens one case per key from concurrent opens outside the ledger, every occurrence counted', async () => {
      const clock = fakeClock();
      const results = await Promise.all(Array.from({ length: REQUESTS }, () => openCase(opened.store.cases, policies, draft, clock.now())));
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(results.filter((r) => r.opened)).toHaveLength(1);
      expect((await casesOf(opened.store, draft.dedupeKey)).map((c) => c.occurrences)).toEqual([REQUESTS]);
    });
  });
}

describe.skipIf(postgresBackend.skipReason !== null)('two stores on one PostgreSQL database', () => {
  let first: OpenedStore;
  let second: Store;
  beforeEach(async () => {
    first = await postgresBackend.open();
    second = await openPostgresStore({ url: first.url });
    await seed(first.store);
  });
  afterEach(async () => {
    await second.close();
    await first.dispose();
  });

  it('opens each key once when both stores trigger it at the same time', async () => {
    const rigs = [caseRig(first.store), caseRig(second)];
    await rigs[0]?.post([events.receipt(5)]);
    const posts = rigs.flatMap((rig) =>
      Array.from({ length: REQUESTS / 2 }, (_, i) => rig.post([bad(), events.sale(1, `2026-11-01T11:${String(i).padStart(2, '0')}:00Z`)])),
    );
    const opens = [first.store, second].flatMap((s) => Array.from({ length: REQUESTS / 2 }, () => openCase(s.cases, policies, draft, Date.now())));
    await Promise.all([...posts, ...opens]);
    expect((await casesOf(second, 'failed_integration:inbound:pos/flaky:pos.sale')).map((c) => c.occurrences)).toEqual([REQUESTS]);
    expect((await casesOf(first.store, draft.dedupeKey)).map((c) => c.occurrences)).toEqual([REQUESTS]);
    const negative = await casesOf(first.store, 'negative_available:A:S1');
    expect(negative.map((c) => c.status)).toEqual(['open']);
  });
});
