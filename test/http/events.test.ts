// POST /v1/events over inject on SQLite: one verdict per event in posted order, stock moved once,
// source binding of events:write keys, 400s naming the problem for malformed bodies, 503 overloaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OverloadedError } from '../../src/app/group-commit.ts';
import type { EventIngestor } from '../../src/app/ingest-events.ts';
import { limits } from '../../src/core/limits.ts';
import { cloudEvent, seedMasterData } from '../support/fixtures.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await seedMasterData(t.store, ['SKU-1', 'SKU-2'], ['S1', 'S2']);
});
afterAll(async () => t.close());

const available = async (sku: string, node: string) => (await t.store.ledger.positionsOfSku(sku)).find((p) => p.node === node)?.available ?? 0;
const post = (payload: unknown, key?: string) => t.call({ method: 'POST', url: '/v1/events', payload: payload as object, ...(key ? { key } : {}) });

describe('verdicts', () => {
  it('accepts one bare CloudEvent and moves stock', async () => {
    const e = cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 10 });
    const res = await post(e);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ results: [{ id: e.id, status: 'accepted' }] });
    expect(await available('SKU-1', 'S1')).toBe(10);
  });

  it('answers a batch in posted order: accepted, rejected with field, duplicate, id null', async () => {
    const sale = cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 2 });
    const badQty = cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: -1 });
    const unknownSku = cloudEvent('pos.sale', { sku: 'NOPE', node: 'S1', qty: 1 });
    const { id: _id, ...noId } = cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 });
    const ret = cloudEvent('pos.return', { sku: 'SKU-2', node: 'S2', qty: 1 });
    const res = await post({ events: [sale, badQty, unknownSku, sale, noId, ret] });
    expect(res.statusCode).toBe(200);
    const results = res.json().results as { id: string | null; status: string; error?: { code: string; field?: string } }[];
    expect(results.map((r) => [r.id, r.status, r.error?.code, r.error?.field])).toEqual([
      [sale.id, 'accepted', undefined, undefined],
      [badQty.id, 'rejected', 'invalid_event', 'data.qty'],
      [unknownSku.id, 'rejected', 'unknown_sku', 'data.sku'],
      [sale.id, 'duplicate', undefined, undefined],
      [null, 'rejected', 'invalid_event', 'id'],
      [ret.id, 'accepted', undefined, undefined],
    ]);
    expect(await available('SKU-1', 'S1')).toBe(8);
    const again = await post({ events: [sale] });
    expect(again.json().results).toEqual([{ id: sale.id, status: 'duplicate' }]);
    expect(await available('SKU-1', 'S1')).toBe(8);
  });

  it('takes the CloudEvents structured media type', async () => {
    const e = cloudEvent('wms.receipt', { sku: 'SKU-2', node: 'S1', qty: 1 });
    const res = await t.call({ method: 'POST', url: '/v1/events', payload: JSON.stringify(e), headers: { 'content-type': 'application/cloudevents+json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0]).toEqual({ id: e.id, status: 'accepted' });
  });
});

describe('source binding', () => {
  it('lets an events:write key post as its own source, and refuses a request naming another with 403', async () => {
    const key = await t.keyWith(['events:write'], 'pos/berlin');
    const own = cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }, { source: 'pos/berlin' });
    const other = cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }, { source: 'wms/dc1' });
    const before = await available('SKU-1', 'S1');
    const letters = (await t.store.deadLetters.list({}, { cursor: null, limit: 1000 })).items.length;

    const refused = await post({ events: [own, other] }, key);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'source_not_allowed', field: 'events.1.source' });
    expect(refused.json().message).toContain('pos/berlin');
    const single = await post(other, key);
    expect(single.statusCode).toBe(403);
    expect(single.json()).toMatchObject({ code: 'source_not_allowed', field: 'source' });
    expect(await available('SKU-1', 'S1')).toBe(before);
    expect((await t.store.deadLetters.list({}, { cursor: null, limit: 1000 })).items).toHaveLength(letters);

    expect((await post({ events: [own] }, key)).json().results).toEqual([{ id: own.id, status: 'accepted' }]);
    expect(await available('SKU-1', 'S1')).toBe(before - 1);
  });

  it('lets an admin key post as any source', async () => {
    const e = cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }, { source: 'anything/at-all' });
    expect((await post(e)).json().results[0].status).toBe('accepted');
  });
});

describe('malformed bodies', () => {
  const raw = (payload: string, contentType = 'application/json') =>
    t.call({ method: 'POST', url: '/v1/events', payload, headers: { 'content-type': contentType } });

  it.each([
    ['not JSON', '{"specversion": "1.0", "id": ', '(body)', /JSON/],
    ['a JSON array', '[{"id":"x"}]', '(body)', /object/],
    ['a JSON string', '"hello"', '(body)', /object/],
    ['null', 'null', '(body)', /object/],
    ['events not an array', '{"events": {"id": "x"}}', 'events', /array/],
    ['an empty batch', '{"events": []}', 'events', /at least one/],
  ])('answers 400 for %s, naming the problem', async (_what, payload, field, message) => {
    const before = await t.store.ledger.countMovements();
    const res = await raw(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request', field });
    expect(res.json().message).toMatch(message);
    expect(await t.store.ledger.countMovements()).toBe(before);
  });

  it('answers 400 for more than the batch limit', async () => {
    const events = Array.from({ length: limits.eventsPerRequestMax + 1 }, () => cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }));
    const res = await post({ events });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request', field: 'events' });
    expect(res.json().message).toContain(String(limits.eventsPerRequestMax));
  });

  it('answers 400 for an empty body or plain text, 415 for another media type, 413 above the body limit', async () => {
    expect((await raw('')).statusCode).toBe(400);
    expect((await raw('hello', 'text/plain')).json()).toMatchObject({ code: 'invalid_request', field: '(body)' });
    const text = await raw('<event/>', 'application/xml');
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'invalid_request', field: 'content-type' });
    const huge = await raw(`{"events":["${'x'.repeat(limits.requestBodyBytesMax)}"]}`);
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'invalid_request' });
  });
});

describe('overload', () => {
  it('answers 503 overloaded with Retry-After when the ingest queue is full', async () => {
    const full = { ingest: () => Promise.reject(new OverloadedError('ingest queue is full')), idle: async () => undefined } as unknown as EventIngestor;
    const busy = await buildTestApp({ ingestor: full });
    try {
      const res = await busy.call({ method: 'POST', url: '/v1/events', payload: cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }) });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json()).toMatchObject({ code: 'overloaded' });
    } finally {
      await busy.close();
    }
  });

  it('answers 500 internal without leaking the cause when the store fails', async () => {
    const broken = { ingest: () => Promise.reject(new Error('SQLITE_CORRUPT: secret path /var/db')), idle: async () => undefined } as unknown as EventIngestor;
    const app = await buildTestApp({ ingestor: broken });
    try {
      const res = await app.call({ method: 'POST', url: '/v1/events', payload: cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 1 }) });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ code: 'internal', message: expect.any(String) });
      expect(res.body).not.toContain('SQLITE');
    } finally {
      await app.close();
    }
  });
});
