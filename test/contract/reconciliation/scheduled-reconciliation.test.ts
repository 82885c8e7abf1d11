// Scheduled reconciliation pulls each configured source over HTTP (CSV and JSON) when it is due,
// not before, and reports a failing source without stopping the others. Method: a local HTTP
// server serving snapshots, a fake clock, the real HTTP connector, `tick` called by hand.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpSnapshotPuller } from '../../../src/adapters/snapshot-http/http-snapshot-puller.ts';
import { EventIngestor } from '../../../src/app/ingest-events.ts';
import { LedgerWriter } from '../../../src/app/ledger-writer.ts';
import { ReconcileSnapshot } from '../../../src/app/reconcile-snapshot.ts';
import { ScheduledReconciliations } from '../../../src/app/run-scheduled-reconciliations.ts';
import { parseSnapshotCsv } from '../../../src/cli/parse-snapshot-csv.ts';
import { parsePolicy } from '../../../src/core/policy/parse-policy.ts';
import type { Policy } from '../../../src/core/policy/policy-schema.ts';
import type { Store } from '../../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../../support/fixtures.ts';
import { type OpenedStore, STORE_BACKENDS } from '../../support/stores.ts';

let server: Server;
let base = '';
const served: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url === '/erp.json') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          asOf: '2026-11-01T12:00:00Z',
          lines: [
            { sku: 'A', node: 'S1', qty: 7 },
            { sku: 'A', node: 'MOON', qty: 1 },
          ],
        }),
      );
    } else if (req.url === '/wms.csv') {
      res.setHeader('content-type', 'text/csv');
      res.end('sku,node,qty\nA,S1,10\n');
    } else {
      res.statusCode = 503;
      res.end('down');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

for (const backend of STORE_BACKENDS) {
  describe.skipIf(backend.skipReason !== null)(`scheduled reconciliation on ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    let now = Date.parse('2026-11-01T08:00:00Z');
    let scheduled: ScheduledReconciliations;

    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
      const clock = { now: () => now };
      const writer = new LedgerWriter(store, clock);
      await seedMasterData(store, ['A'], ['S1']);
      await new EventIngestor(store, clock, writer).ingest([cloudEvent('wms.receipt', { sku: 'A', node: 'S1', qty: 10 }, { time: '2026-11-01T08:00:00Z' })], {
        allowedSource: null,
      });
      const parsed = parsePolicy({
        version: 1,
        reconciliation: {
          schedule: [
            { source: 'erp', url: `${base}/erp.json`, format: 'json', everyMinutes: 60 },
            { source: 'wms', url: `${base}/wms.csv`, format: 'csv', everyMinutes: 30 },
            { source: 'oms', url: `${base}/down`, format: 'json', everyMinutes: 60 },
          ],
        },
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      const policy: Policy = parsed.value;
      const policies = { current: () => policy };
      const reconcile = new ReconcileSnapshot({ store, writer, policies, clock });
      scheduled = new ScheduledReconciliations({
        reconcile,
        store,
        policies,
        clock,
        puller: new HttpSnapshotPuller(5_000),
        csvRows: (stream) => parseSnapshotCsv(stream),
      });
      served.length = 0;
    });
    afterEach(async () => opened.dispose());

    it('runs each source when due and not before, and reports a failing one', async () => {
      now = Date.parse('2026-11-01T13:00:00Z');
      const first = await scheduled.tick();
      expect(first.map((o) => [o.source, o.status])).toEqual([
        ['erp', 'reconciled'],
        ['wms', 'reconciled'],
        ['oms', 'failed'],
      ]);
      expect(first[0]).toMatchObject({ differing: 1, rejected: 1 });
      expect(first[1]).toMatchObject({ differing: 0 });
      expect(first[2]).toMatchObject({ message: expect.stringContaining('503') });
      const [erp] = (await store.reconciliation.list({ source: 'erp' }, { cursor: null, limit: 5 })).items;
      expect(erp).toMatchObject({ asOfMs: Date.parse('2026-11-01T12:00:00Z'), createdBy: 'schedule' });
      const [wms] = (await store.reconciliation.list({ source: 'wms' }, { cursor: null, limit: 5 })).items;
      expect(wms?.asOfMs).toBe(now); // a CSV describes the moment it was pulled

      now += 10 * 60_000; // 10 minutes later: nothing is due
      expect(await scheduled.tick()).toEqual([]);
      now += 25 * 60_000; // 35 minutes after the first run: only the 30-minute source
      expect((await scheduled.tick()).map((o) => o.source)).toEqual(['wms']);
      now += 30 * 60_000; // 65 minutes: every source again, the failed one included
      expect((await scheduled.tick()).map((o) => o.source)).toEqual(['erp', 'wms', 'oms']);
      expect(served.filter((u) => u === '/wms.csv')).toHaveLength(3);
    });
  });
}
