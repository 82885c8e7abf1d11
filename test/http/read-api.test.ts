// The read API over inject on SQLite, after posting real events: positions with derived onHand
// and ATS, channel availability (single and bulk), and the ledger with cursors and RFC 3339 times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../src/core/limits.ts';
import { cloudEvent } from '../support/fixtures.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';
import { channelBody, itemBody, nodeBody } from './fixtures.ts';

let t: TestApp;
let readKey: string;

beforeAll(async () => {
  t = await buildTestApp();
  readKey = await t.keyWith(['inventory:read']);
  for (const sku of ['SKU-1', 'SKU-2', 'SKU-EMPTY']) await t.call({ method: 'PUT', url: `/v1/items/${sku}`, payload: itemBody() });
  for (const node of ['S1', 'S2', 'DC1']) await t.call({ method: 'PUT', url: `/v1/nodes/${node}`, payload: nodeBody() });
  await t.call({ method: 'PUT', url: '/v1/channels/web', payload: channelBody(['S1', 'S2', 'DC1']) });
  await t.call({ method: 'PUT', url: '/v1/channels/pos-s1', payload: channelBody(['S1'], { type: 'store' }) });
  const events = [
    cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S1', qty: 10 }, { time: '2026-11-01T08:00:00Z' }),
    cloudEvent('pos.sale', { sku: 'SKU-1', node: 'S1', qty: 3 }, { time: '2026-11-01T09:00:00Z' }),
    cloudEvent('pos.return', { sku: 'SKU-1', node: 'S1', qty: 1 }, { time: '2026-11-01T09:30:00Z' }),
    cloudEvent('supplier.asn', { sku: 'SKU-1', node: 'DC1', qty: 50, reference: 'ASN-1' }),
    cloudEvent('wms.receipt', { sku: 'SKU-1', node: 'S2', qty: 2 }),
    cloudEvent('wms.adjustment', { sku: 'SKU-1', node: 'S2', delta: -1, reason: 'damage' }),
    cloudEvent('pos.sale', { sku: 'SKU-2', node: 'S2', qty: 4 }),
  ];
  const res = await t.call({ method: 'POST', url: '/v1/events', payload: { events } });
  expect(res.json().results.every((r: { status: string }) => r.status === 'accepted')).toBe(true);
});
afterAll(async () => t.close());

const zero = { available: 0, reserved: 0, allocated: 0, quarantine: 0, refurbish: 0, damaged: 0, inbound: 0, onHand: 0, ats: 0 };

describe('GET /v1/positions/{sku}', () => {
  it('lists every node with buckets, onHand and ats, and sums them', async () => {
    const res = await t.call({ url: '/v1/positions/SKU-1', key: readKey });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      sku: 'SKU-1',
      nodes: [
        { node: 'DC1', ...zero, inbound: 50 },
        { node: 'S1', ...zero, available: 7, quarantine: 1, onHand: 8, ats: 7 },
        { node: 'S2', ...zero, available: 1, damaged: 1, onHand: 2, ats: 1 },
      ],
      totals: { ...zero, available: 8, quarantine: 1, damaged: 1, inbound: 50, onHand: 10, ats: 8 },
    });
  });

  it('never lets negative available make ATS negative', async () => {
    const res = (await t.call({ url: '/v1/positions/SKU-2' })).json();
    expect(res.nodes).toEqual([{ node: 'S2', ...zero, available: -4, onHand: -4, ats: 0 }]);
    expect(res.totals.ats).toBe(0);
  });

  it('answers an item without stock with empty nodes, and an unknown sku with 404', async () => {
    expect((await t.call({ url: '/v1/positions/SKU-EMPTY' })).json()).toEqual({ sku: 'SKU-EMPTY', nodes: [], totals: zero });
    const res = await t.call({ url: '/v1/positions/NOPE' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'unknown_sku', field: 'sku' });
    expect((await t.call({ url: '/v1/positions/bad%20sku' })).json()).toMatchObject({ code: 'invalid_request', field: 'sku' });
  });
});

describe('GET /v1/availability', () => {
  it("sums node ATS over the channel's nodes, listing every node (a channel the policy does not list)", async () => {
    const res = await t.call({ url: '/v1/availability/SKU-1?channel=web', key: readKey });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      sku: 'SKU-1',
      channel: 'web',
      ats: 8,
      nodes: [
        { node: 'S1', ats: 7 },
        { node: 'S2', ats: 1 },
        { node: 'DC1', ats: 0 },
      ],
      paused: false,
      applied: [{ kind: 'unlisted_channel' }],
    });
    expect((await t.call({ url: '/v1/availability/SKU-1?channel=pos-s1' })).json()).toMatchObject({ ats: 7, nodes: [{ node: 'S1', ats: 7 }] });
  });

  it('answers in bulk, in the order asked, with zeros for items without stock', async () => {
    const res = await t.call({ url: '/v1/availability?channel=web&skus=SKU-2,SKU-1,SKU-EMPTY' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.channel).toBe('web');
    expect(body.items.map((i: { sku: string; ats: number }) => [i.sku, i.ats])).toEqual([
      ['SKU-2', 0],
      ['SKU-1', 8],
      ['SKU-EMPTY', 0],
    ]);
    expect(body.items[2].nodes).toEqual([
      { node: 'S1', ats: 0 },
      { node: 'S2', ats: 0 },
      { node: 'DC1', ats: 0 },
    ]);
  });

  it('answers 404 unknown_channel, 404 unknown_sku, and 400 naming channel or skus', async () => {
    expect((await t.call({ url: '/v1/availability/SKU-1?channel=nope' })).json()).toMatchObject({ code: 'unknown_channel', field: 'channel' });
    expect((await t.call({ url: '/v1/availability/SKU-1?channel=nope' })).statusCode).toBe(404);
    expect((await t.call({ url: '/v1/availability/NOPE?channel=web' })).json()).toMatchObject({ code: 'unknown_sku', field: 'sku' });
    const bulkUnknown = await t.call({ url: '/v1/availability?channel=web&skus=SKU-1,NOPE' });
    expect(bulkUnknown.statusCode).toBe(404);
    expect(bulkUnknown.json()).toMatchObject({ code: 'unknown_sku', field: 'skus' });
    expect(bulkUnknown.json().message).toContain('NOPE');
    const missing = await t.call({ url: '/v1/availability/SKU-1' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'invalid_request', field: 'channel' });
    expect((await t.call({ url: '/v1/availability?skus=SKU-1' })).json()).toMatchObject({ field: 'channel' });
    expect((await t.call({ url: '/v1/availability?channel=web' })).json()).toMatchObject({ field: 'skus' });
    expect((await t.call({ url: '/v1/availability?channel=web&skus=SKU-1,,x' })).json()).toMatchObject({ field: 'skus.1' });
    const tooMany = Array.from({ length: limits.bulkSkusMax + 1 }, (_, i) => `S${i}`).join(',');
    const res = await t.call({ url: `/v1/availability?channel=web&skus=${tooMany}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request', field: 'skus' });
  });
});

describe('GET /v1/ledger', () => {
  type Entry = { seq: number; sku: string; from: object; to: object; qty: number; reason: string; eventId: string; occurredAt: string; recordedAt: string };

  it('lists movements oldest first with sides, reasons and RFC 3339 times', async () => {
    const res = await t.call({ url: '/v1/ledger?sku=SKU-1&node=S1', key: readKey });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Entry[];
    expect(items.map((m) => [m.reason, m.from, m.to, m.qty])).toEqual([
      ['receipt', { account: 'supplier' }, { node: 'S1', bucket: 'available' }, 10],
      ['sale', { node: 'S1', bucket: 'available' }, { account: 'customer' }, 3],
      ['customer_return', { account: 'customer' }, { node: 'S1', bucket: 'quarantine' }, 1],
    ]);
    expect(items[0]?.occurredAt).toBe('2026-11-01T08:00:00.000Z');
    expect(new Date(items[0]?.recordedAt ?? '').toISOString()).toBe(items[0]?.recordedAt);
    expect(items[0]?.eventId).toMatch(/^evt-/);
    expect(res.json().nextCursor).toBeNull();
  });

  it('pages the whole ledger in seq order', async () => {
    const seqs: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = (await t.call({ url: `/v1/ledger?limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json() as { items: Entry[]; nextCursor: string | null };
      seqs.push(...page.items.map((m) => m.seq));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 20);
    expect(seqs).toHaveLength(await t.store.ledger.countMovements());
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(pages).toBeGreaterThan(2);
  });

  it('rejects a bad cursor, sku and limit naming the parameter', async () => {
    expect((await t.call({ url: '/v1/ledger?cursor=InNrdSI' })).json()).toMatchObject({ code: 'invalid_request', field: 'cursor' });
    expect((await t.call({ url: '/v1/ledger?sku=%20' })).json()).toMatchObject({ field: 'sku' });
    expect((await t.call({ url: '/v1/ledger?limit=-1' })).json()).toMatchObject({ field: 'limit' });
  });
});
