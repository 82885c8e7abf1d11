// The no-oversell guarantee over real HTTP on every store backend: 3,000 concurrent single-unit
// reservations against 1,000 units (one node, then three nodes with sourcing) must yield exactly
// 1,000 holds and leave available at 0. Method: a listening server on 127.0.0.1, fetch with
// bounded concurrency, then the ledger's own checks (conservation, projection replay).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenedStore, STORE_BACKENDS } from '../support/stores.ts';
import { fakeClock, receipt, seedNetwork } from '../support/workflow-harness.ts';
import { boundedAll, type ListeningApp, listenWorkflowApp } from '../support/workflow-http.ts';

const requests = 3_000;
const inFlight = 200;

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`no oversell over HTTP on ${backend.name}`, () => {
    let opened: OpenedStore;
    let server: ListeningApp;

    beforeEach(async () => {
      opened = await backend.open();
    });
    afterEach(async () => {
      await server.close();
      expect(await opened.store.ledger.conservationViolations()).toEqual([]);
      expect(await opened.store.ledger.verifyProjection()).toEqual([]);
      await opened.dispose();
    });

    const storm = () =>
      boundedAll(
        Array.from(
          { length: requests },
          (_, i) => () =>
            server.call(
              'POST',
              '/v1/reservations',
              { channel: 'web', orderRef: `cart-${i}`, lines: [{ sku: 'HOT', qty: 1 }] },
              { 'idempotency-key': `k-${i}` },
            ),
        ),
        inFlight,
      );
    const tally = (answers: { status: number }[]) => {
      const counts: Record<number, number> = {};
      for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
      return counts;
    };

    it('one SKU, 1,000 units at one node: exactly 1,000 of 3,000 reservations succeed', { timeout: 180_000 }, async () => {
      await seedNetwork(opened.store, ['HOT'], [{ id: 'N1' }]);
      server = await listenWorkflowApp(opened.store, fakeClock());
      await server.runtime.ingestor.ingest([receipt('HOT', 'N1', 1_000)], { allowedSource: null });
      const answers = await storm();
      expect(tally(answers)).toEqual({ 201: 1_000, 409: 2_000 });
      expect(answers.find((a) => a.status === 409)?.body).toMatchObject({ code: 'insufficient_available', shortLines: [{ sku: 'HOT', availableQty: 0 }] });
      const [p] = await opened.store.ledger.positionsOfSku('HOT');
      expect(p).toMatchObject({ available: 0, reserved: 1_000 });
    });

    it('the same across three nodes with sourcing: every unit held once, every node at 0', { timeout: 180_000 }, async () => {
      await seedNetwork(opened.store, ['HOT'], [{ id: 'N1' }, { id: 'N2', latitude: 50 }, { id: 'N3', latitude: 48 }]);
      server = await listenWorkflowApp(opened.store, fakeClock());
      await server.runtime.ingestor.ingest([receipt('HOT', 'N1', 334), receipt('HOT', 'N2', 333), receipt('HOT', 'N3', 333)], { allowedSource: null });
      const answers = await storm();
      expect(tally(answers)).toEqual({ 201: 1_000, 409: 2_000 });
      const held = new Map<string, number>();
      for (const a of answers.filter((x) => x.status === 201)) for (const l of a.body.lines) held.set(l.node, (held.get(l.node) ?? 0) + l.qty);
      expect(Object.fromEntries(held)).toEqual({ N1: 334, N2: 333, N3: 333 });
      const positions = await opened.store.ledger.positionsOfSku('HOT');
      expect(positions.map((p) => [p.node, p.available, p.reserved])).toEqual([
        ['N1', 0, 334],
        ['N2', 0, 333],
        ['N3', 0, 333],
      ]);
    });
  });
}
