// GET /v1/erp/documents[/{id}] and POST …/retry over HTTP on SQLite: documents written by the real
// ledger runtime, one dead-lettered by the dispatcher with a rejecting connector; filters, paging,
// scopes, 404/409, and a retry that makes the dead letter pending again.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/api-keys.ts';
import { ErpDocumentDispatcher } from '../../src/app/dispatch-erp-documents.ts';
import { seededRandom } from '../../src/app/outbox/seeded-random.ts';
import { PolicyHolder } from '../../src/app/policy-holder.ts';
import { buildHttpApp } from '../../src/http/build-http-app.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../src/main/ledger-runtime.ts';
import type { Store } from '../../src/ports/store.ts';
import { cloudEvent, seedMasterData } from '../support/fixtures.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';

const T0 = Date.parse('2026-11-01T12:00:00Z');
let opened: OpenedStore;
let store: Store;
let app: FastifyInstance;
let runtime: LedgerRuntime;
let adminKey: string;
let readKey: string;

const call = (key: string, method: 'GET' | 'POST', url: string): Promise<LightMyRequestResponse> =>
  app.inject({ method, url, headers: { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  opened = await sqliteBackend.open();
  store = opened.store;
  const clock = { now: () => T0 };
  runtime = createLedgerRuntime(store, clock, { current: () => null, version: () => 0 });
  const policies = new PolicyHolder(store.policies);
  await policies.refresh();
  app = await buildHttpApp({ store, ingestor: runtime.ingestor, clock, policies });
  adminKey = (await createApiKey(store, clock, { name: 'admin', scopes: ['admin'], source: null })).secret;
  readKey = (await createApiKey(store, clock, { name: 'reader', scopes: ['inventory:read'], source: null })).secret;
  await seedMasterData(store, ['SKU-1'], ['S1']);
  await runtime.ingestor.ingest(
    [
      cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 5, reference: 'PO-1:10' }),
      cloudEvent('wms.cycle_count', { sku: 'SKU-1', node: 'S1', countedQty: 4 }, { time: '2026-11-01T11:00:00Z' }),
    ],
    { allowedSource: null },
  );
  const rejecting = { type: 'webhook' as const, deliver: async () => ({ kind: 'rejected' as const, message: 'HTTP 400: no such plant' }) };
  const dispatcher = new ErpDocumentDispatcher({
    documents: store.erpDocuments,
    connector: rejecting,
    rateLimit: { requestsPerSecond: 10, burst: 10 },
    clock,
    random: seededRandom(1),
  });
  await dispatcher.tick();
});
afterAll(async () => {
  await app.close();
  await runtime.ingestor.idle();
  await opened.dispose();
});

describe('GET /v1/erp/documents', () => {
  it('lists documents with their lines and values, filtered by type and status, paged by cursor', async () => {
    const all = await call(readKey, 'GET', '/v1/erp/documents?limit=1');
    expect(all.statusCode).toBe(200);
    const first = all.json() as { items: { type: string; lines: unknown[]; status: string; lastError: string }[]; nextCursor: string };
    expect(first.items[0]).toMatchObject({
      type: 'GoodsReceipt',
      status: 'dead',
      lastError: 'rejected: HTTP 400: no such plant',
      lines: [{ sku: 'SKU-1', node: 'S1', qty: 5, unitCost: 5, value: 25 }],
    });
    const next = (await call(readKey, 'GET', `/v1/erp/documents?limit=1&cursor=${first.nextCursor}`)).json() as {
      items: { type: string; details: unknown }[];
      nextCursor: null;
    };
    expect(next).toMatchObject({ items: [{ type: 'InventoryAdjustment', details: { reason: 'cycle_count', effect: 'loss' } }], nextCursor: null });
    const adjustments = (await call(readKey, 'GET', '/v1/erp/documents?type=InventoryAdjustment&status=dead')).json() as { items: unknown[] };
    expect(adjustments.items).toHaveLength(1);
    expect((await call(readKey, 'GET', '/v1/erp/documents?type=Invoice')).statusCode).toBe(400);
  });

  it('reads one document, 404 for an unknown id', async () => {
    expect((await call(readKey, 'GET', '/v1/erp/documents/1')).json()).toMatchObject({ id: 1, idempotencyKey: expect.stringMatching(/^goods-receipt:/) });
    expect((await call(readKey, 'GET', '/v1/erp/documents/999')).statusCode).toBe(404);
  });

  it('retries a dead document as admin only, and answers 409 once it is pending', async () => {
    expect((await call(readKey, 'POST', '/v1/erp/documents/1/retry')).statusCode).toBe(403);
    const retried = await call(adminKey, 'POST', '/v1/erp/documents/1/retry');
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await call(adminKey, 'POST', '/v1/erp/documents/1/retry')).json()).toMatchObject({ code: 'outbox_not_dead' });
    expect((await call(adminKey, 'POST', '/v1/erp/documents/999/retry')).statusCode).toBe(404);
  });
});
