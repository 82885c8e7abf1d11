// GET /v1/outbox, retry, GET /v1/stats and GET /metrics over HTTP on SQLite: rows are written as the
// ledger transaction writes them, delivered or dead-lettered by the real dispatcher with a scripted connector.
import Database from 'better-sqlite3';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteOutboxStatements } from '../../src/adapters/store-sqlite/sqlite-outbox.ts';
import { createApiKey } from '../../src/app/api-keys.ts';
import { OutboxDispatcher } from '../../src/app/dispatch-outbox.ts';
import { EventIngestor } from '../../src/app/ingest-events.ts';
import { observeDeliveries } from '../../src/app/outbox/observe-deliveries.ts';
import { seededRandom } from '../../src/app/outbox/seeded-random.ts';
import { PolicyHolder } from '../../src/app/policy-holder.ts';
import { buildHttpApp } from '../../src/http/build-http-app.ts';
import { ServiceMetrics } from '../../src/http/service-metrics.ts';
import type { Store } from '../../src/ports/store.ts';
import { availabilityRow } from '../contract/outbox/outbox-backends.ts';
import { connectorsOf, ScriptedConnector } from '../contract/outbox/scripted-connector.ts';
import { cloudEvent, seedMasterData } from '../support/fixtures.ts';
import { type OpenedStore, sqliteBackend } from '../support/stores.ts';

const T0 = Date.parse('2026-11-01T12:00:00Z');

let opened: OpenedStore;
let store: Store;
let app: FastifyInstance;
let ingestor: EventIngestor;
let adminKey: string;
let readKey: string;
let ids: { delivered: number[]; dead: number; app: number };

const call = (key: string, method: 'GET' | 'POST', url: string, payload?: InjectOptions['payload']): Promise<LightMyRequestResponse> =>
  app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload !== undefined && { payload }) });

beforeAll(async () => {
  opened = await sqliteBackend.open();
  store = opened.store;
  const clock = { now: () => T0 };
  ingestor = new EventIngestor(store, clock);
  const policies = new PolicyHolder(store.policies);
  await policies.refresh();
  const metrics = new ServiceMetrics(store.outbox);
  app = await buildHttpApp({ store, ingestor, clock, policies, metrics });
  adminKey = (await createApiKey(store, clock, { name: 'admin', scopes: ['admin'], source: null })).secret;
  readKey = (await createApiKey(store, clock, { name: 'reader', scopes: ['inventory:read'], source: null })).secret;

  // Rows as the ledger writes them: caused 10, 20, … 100 ms before T0 (so delivered at T0 with those latencies).
  const writer = new Database(opened.url.slice('sqlite:'.length));
  const written = writer.transaction(() =>
    new SqliteOutboxStatements(writer).write([
      ...Array.from({ length: 10 }, (_, i) => availabilityRow('web', `SKU-${i + 1}`, i, T0 - (i + 1) * 10)),
      availabilityRow('web', 'BAD', 1, T0 - 5),
      availabilityRow('app', 'SKU-1', 4, T0 - 1),
    ]),
  )();
  writer.close();
  ids = { delivered: written.slice(0, 10), dead: written[10] as number, app: written[11] as number };

  // web rejects BAD (dead letter) and delivers the rest; app has no feed configured here, so its
  // row is dead-lettered too ("no feed is configured").
  const web = new ScriptedConnector([
    (updates) => ({ kind: 'rejected', rejections: [{ sku: 'BAD', code: 'UNKNOWN_ITEM', message: 'no such item' }], message: `${updates.length} updates` }),
  ]);
  const outbox = observeDeliveries(store.outbox, ({ channel, latencyMs }) => metrics.observePushLatency(channel, latencyMs));
  const dispatcher = new OutboxDispatcher({ outbox, connectors: connectorsOf({ web: { connector: web } }), clock, random: seededRandom(3) });
  for (let i = 0; i < 5 && (await dispatcher.tick()).claimed > 0; i++);
});
afterAll(async () => {
  await app.close();
  await ingestor.idle();
  await opened.dispose();
});

type Row = {
  id: number;
  channel: string;
  sku: string;
  status: string;
  attempts: number;
  lastError: string | null;
  latencyMs: number | null;
  payload: { available: number };
};

describe('GET /v1/outbox', () => {
  it('lists rows by status and channel, page by page, oldest first', async () => {
    const dead = (await call(readKey, 'GET', '/v1/outbox?status=dead')).json() as { items: Row[]; nextCursor: string | null };
    expect(dead.items.map((r) => [r.id, r.channel, r.sku, r.attempts])).toEqual([
      [ids.dead, 'web', 'BAD', 1],
      [ids.app, 'app', 'SKU-1', 1],
    ]);
    expect(dead.items[1]?.lastError).toMatch(/no feed is configured for channel app/);
    expect(dead.nextCursor).toBeNull();

    const first = (await call(readKey, 'GET', '/v1/outbox?status=delivered&channel=web&limit=6')).json() as { items: Row[]; nextCursor: string };
    expect(first.items.map((r) => r.id)).toEqual(ids.delivered.slice(0, 6));
    const second = (await call(readKey, 'GET', `/v1/outbox?status=delivered&channel=web&limit=6&cursor=${first.nextCursor}`)).json() as {
      items: Row[];
      nextCursor: null;
    };
    expect(second.items.map((r) => r.id)).toEqual(ids.delivered.slice(6));
    expect(second.nextCursor).toBeNull();
  });

  it('reads one row, and answers 404 for an unknown id and 400 naming a bad status', async () => {
    const one = await call(readKey, 'GET', `/v1/outbox/${ids.delivered[2]}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      sku: 'SKU-3',
      status: 'delivered',
      latencyMs: 30,
      payload: { available: 2 },
      leaseUntil: null,
      deliveredAt: '2026-11-01T12:00:00.000Z',
    });
    expect((await call(readKey, 'GET', '/v1/outbox/999999')).statusCode).toBe(404);
    const bad = await call(readKey, 'GET', '/v1/outbox?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('status');
  });
});

describe('POST /v1/outbox/{id}/retry', () => {
  it('is refused with 403 to a key without admin', async () => {
    const refused = await call(readKey, 'POST', `/v1/outbox/${ids.dead}/retry`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect((await store.outbox.get(ids.dead))?.status).toBe('dead');
  });

  it('makes a dead row pending again, then answers 409 (not dead) and 404 (unknown)', async () => {
    const retried = await call(adminKey, 'POST', `/v1/outbox/${ids.dead}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ outcome: 'pending', message: { id: ids.dead, status: 'pending', attempts: 0 } });
    const again = await call(adminKey, 'POST', `/v1/outbox/${ids.dead}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'outbox_not_dead', field: 'id' });
    expect((await call(adminKey, 'POST', `/v1/outbox/${ids.delivered[0]}/retry`)).statusCode).toBe(409);
    expect((await call(adminKey, 'POST', '/v1/outbox/999999/retry')).statusCode).toBe(404);
  });
});

describe('GET /v1/stats', () => {
  it('reports push latency p50/p99 of delivered rows (nearest rank) and the rows by status', async () => {
    const stats = await call(readKey, 'GET', '/v1/stats');
    expect(stats.statusCode).toBe(200);
    // Other sections (returns, cases, …) have their own tests; this one pins the channelPush section.
    expect(stats.json()).toMatchObject({
      generatedAt: '2026-11-01T12:00:00.000Z',
      channelPush: { count: 10, latencyMsP50: 50, latencyMsP99: 100, since: null, outboxRows: { pending: 1, delivered: 10, dead: 1, superseded: 0 } },
    });
    expect(stats.json().returns).toMatchObject({ restockedReturns: 0, cycleTimeHoursP50: null, cycleTimeHoursP90: null });
    const app = (await call(readKey, 'GET', '/v1/stats?channel=app')).json();
    expect(app.channelPush).toMatchObject({ count: 0, latencyMsP50: null, latencyMsP99: null });
    expect((await call(readKey, 'GET', '/v1/stats?since=yesterday')).statusCode).toBe(400);
  });
});

describe('GET /metrics', () => {
  it('exposes process, ingestion, HTTP, push latency and outbox metrics without authentication', async () => {
    await seedMasterData(store, ['SKU-1'], ['S1']);
    const batch = [
      cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 3 }),
      cloudEvent('wms.receipt', { sku: 'NOPE', node: 'S1', qty: 1 }),
      { type: 'made.up' },
    ];
    const events = await call(adminKey, 'POST', '/v1/events', { events: batch });
    expect(events.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'rejected', 'rejected']);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = metrics.body;
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toContain('omnistock_events_ingested_total{verdict="accepted",type="wms.receipt"} 1');
    expect(text).toContain('omnistock_events_ingested_total{verdict="rejected",type="wms.receipt"} 1');
    expect(text).toContain('omnistock_events_ingested_total{verdict="rejected",type="unknown"} 1');
    expect(text).toMatch(/omnistock_http_request_duration_seconds_count\{method="GET",route="\/v1\/outbox",status="200"\} [1-9]/);
    expect(text).toMatch(/omnistock_http_request_duration_seconds_count\{method="POST",route="\/v1\/outbox\/:id\/retry",status="403"\} 1/);
    expect(text).toContain('omnistock_channel_push_latency_seconds_count{channel="web"} 10');
    expect(text).toContain('omnistock_channel_push_latency_seconds_bucket{le="0.05",channel="web"} 5');
    expect(text).toContain('omnistock_outbox_rows{status="delivered"} 10');
    expect(text).toContain('omnistock_outbox_rows{status="pending"} 1');
  });

  it('is described in the OpenAPI document with the outbox and stats routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/metrics', '/v1/outbox', '/v1/outbox/{id}', '/v1/outbox/{id}/retry', '/v1/stats']));
  });
});
