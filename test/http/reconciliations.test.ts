// The reconciliation HTTP contract: POST /v1/snapshots answers the id and summary, GET
// /v1/reconciliations/{id} has exactly the fields (variances list only differing lines,
// paged), the history filters by source, and a strict snapshot with a bad line is refused.
// Method: the in-process app over a fresh SQLite store, called with inject.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/api-keys.ts';
import { EventIngestor } from '../../src/app/ingest-events.ts';
import { LedgerWriter } from '../../src/app/ledger-writer.ts';
import { PolicyHolder } from '../../src/app/policy-holder.ts';
import { ReconcileSnapshot } from '../../src/app/reconcile-snapshot.ts';
import { buildHttpApp } from '../../src/http/build-http-app.ts';
import { cloudEvent, seedMasterData } from '../support/fixtures.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';

const NOW = Date.parse('2026-11-02T00:00:00Z');

describe('reconciliation API', () => {
  let opened: OpenedStore;
  let app: FastifyInstance;
  let admin: string;
  let erpKey: string;

  beforeAll(async () => {
    opened = await sqliteBackend.open();
    const store = opened.store;
    // The opening receipts are recorded at once (before asOf); the snapshots are posted later, at NOW.
    let now = Date.parse('2026-11-01T08:00:01Z');
    const clock = { now: () => now };
    const writer = new LedgerWriter(store, clock);
    const ingestor = new EventIngestor(store, clock, writer);
    const policies = new PolicyHolder(store.policies);
    await policies.refresh();
    app = await buildHttpApp({ store, ingestor, clock, policies, reconcile: new ReconcileSnapshot({ store, writer, policies, clock }) });
    admin = (await createApiKey(store, clock, { name: 'admin', scopes: ['admin'], source: null })).secret;
    erpKey = (await createApiKey(store, clock, { name: 'erp feed', scopes: ['events:write'], source: 'erp' })).secret;
    await seedMasterData(store, ['A', 'B', 'C'], ['S1', 'S2']);
    await ingestor.ingest(
      [
        cloudEvent('wms.receipt', { sku: 'A', node: 'S1', qty: 30 }, { time: '2026-11-01T08:00:00Z' }),
        cloudEvent('wms.receipt', { sku: 'B', node: 'S1', qty: 5 }, { time: '2026-11-01T08:00:00Z' }),
      ],
      { allowedSource: null },
    );
    now = NOW;
  });
  afterAll(async () => {
    await app.close();
    await opened.dispose();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: object, key = admin) =>
    app.inject({ method, url, ...(payload && { payload }), headers: { authorization: `Bearer ${key}` } });

  it('reconciles a posted snapshot and serves it with exactly the issue’s fields', async () => {
    const posted = await call(
      'POST',
      '/v1/snapshots',
      {
        source: 'erp',
        asOf: '2026-11-01T12:00:00Z',
        lines: [
          { sku: 'A', node: 'S1', qty: 18 },
          { sku: 'B', node: 'S1', qty: 5 },
          { sku: 'NOPE', node: 'S1', qty: 1 },
          { sku: 'C', node: 'S2', qty: -2 },
        ],
      },
      erpKey,
    );
    expect(posted.statusCode).toBe(201);
    const created = posted.json();
    expect(created).toMatchObject({
      source: 'erp',
      asOf: '2026-11-01T12:00:00.000Z',
      summary: { lines: 2, matched: 1, differing: 1, material: 1, rejected: 2 },
    });
    expect(typeof created.id).toBe('number');
    const got = await call('GET', `/v1/reconciliations/${created.id}`);
    expect(got.statusCode).toBe(200);
    const body = got.json();
    for (const field of ['id', 'source', 'asOf', 'summary', 'variances', 'rejectedLines']) expect(body).toHaveProperty(field);
    expect(body.variances).toEqual([
      { line: 1, sku: 'A', node: 'S1', channel: null, bucket: 'on_hand', expected: 30, reported: 18, variance: -12, value: -60, material: true },
    ]);
    expect(body.rejectedLines).toEqual([
      { line: 3, error: 'line 3: unknown sku NOPE', code: 'unknown_sku', field: 'sku' },
      { line: 4, error: 'line 4: qty must not be negative, got -2', code: 'negative_quantity', field: 'qty' },
    ]);
    expect(body.nextCursor).toBeNull();
  });

  it('pages variances and filters the history by source', async () => {
    const lines = [
      { sku: 'A', node: 'S2', qty: 1 },
      { sku: 'B', node: 'S2', qty: 2 },
      { sku: 'C', node: 'S2', qty: 3 },
    ];
    const created = (await call('POST', '/v1/snapshots', { source: 'wms', asOf: '2026-11-01T12:00:00Z', lines })).json();
    const first = (await call('GET', `/v1/reconciliations/${created.id}?limit=2`)).json();
    expect(first.variances.map((v: { sku: string }) => v.sku)).toEqual(['A', 'B']);
    const second = (await call('GET', `/v1/reconciliations/${created.id}?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.variances.map((v: { sku: string }) => v.sku)).toEqual(['C']);
    const history = (await call('GET', '/v1/reconciliations?source=wms')).json();
    expect(history.items.map((h: { id: number; source: string }) => [h.id, h.source])).toEqual([[created.id, 'wms']]);
    expect(history.nextCursor).toBeNull();
  });

  it('shows drift per source in GET /v1/stats', async () => {
    const stats = (await call('GET', '/v1/stats')).json();
    const erp = stats.reconciliation.bySource.find((s: { source: string }) => s.source === 'erp');
    expect(erp).toMatchObject({ source: 'erp', reconciliations: 1, latest: { asOf: '2026-11-01T12:00:00.000Z', differingShare: 0.5, valueAtRisk: 60 } });
    expect(erp.drift).toEqual([{ asOf: '2026-11-01T12:00:00.000Z', differingShare: 0.5, valueAtRisk: 60 }]);
  });

  it('refuses a strict snapshot with a bad line, a foreign source, and an unknown id', async () => {
    const strict = await call('POST', '/v1/snapshots', {
      source: 'erp',
      asOf: '2026-11-01T12:00:00Z',
      strict: true,
      lines: [
        { sku: 'A', node: 'S1', qty: 30 },
        { sku: 'A', node: 'MOON', qty: 1 },
      ],
    });
    expect(strict.statusCode).toBe(400);
    expect(strict.json()).toMatchObject({ code: 'invalid_request', field: 'lines.1.node' });
    const foreign = await call('POST', '/v1/snapshots', { source: 'wms', asOf: '2026-11-01T12:00:00Z', lines: [] }, erpKey);
    expect(foreign.statusCode).toBe(403);
    expect((await call('GET', '/v1/reconciliations/999999')).statusCode).toBe(404);
    const future = await call('POST', '/v1/snapshots', { source: 'erp', asOf: '2027-01-01T00:00:00Z', lines: [] });
    expect(future.json()).toMatchObject({ code: 'invalid_request', field: 'asOf' });
  });
});
