// Master data over HTTP (items, nodes, channels) with inject on SQLite: PUT answers the stored
// resource, GET reads it back, lists paginate with cursors, and bad input is a 4xx naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../src/core/limits.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';
import { channelBody, itemBody, nodeBody } from './fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('items', () => {
  it('stores an item with defaults and reads it back', async () => {
    const put = await t.call({ method: 'PUT', url: '/v1/items/MUG-1', payload: itemBody() });
    expect(put.statusCode).toBe(200);
    const expected = { sku: 'MUG-1', ...itemBody(), serialized: false, substitutes: [] };
    expect(put.json()).toEqual(expected);
    const get = await t.call({ method: 'GET', url: '/v1/items/MUG-1' });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual(expected);
  });

  it('replaces an item on a second PUT', async () => {
    await t.call({ method: 'PUT', url: '/v1/items/MUG-2', payload: itemBody() });
    await t.call({ method: 'PUT', url: '/v1/items/MUG-2', payload: itemBody({ name: 'Red mug', substitutes: ['MUG-1'] }) });
    expect((await t.call({ method: 'GET', url: '/v1/items/MUG-2' })).json()).toMatchObject({ name: 'Red mug', substitutes: ['MUG-1'] });
  });

  it.each([
    [{ ...itemBody(), unitCost: -1 }, 'unitCost'],
    [{ ...itemBody(), name: '' }, 'name'],
    [{ ...itemBody(), substitutes: ['bad id'] }, 'substitutes.0'],
    [{ ...itemBody(), colour: 'blue' }, 'colour'],
    [(({ category: _c, ...rest }) => rest)(itemBody()), 'category'],
  ])('rejects a bad item body naming the field (%#)', async (payload, field) => {
    const res = await t.call({ method: 'PUT', url: '/v1/items/MUG-3', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request', field });
    expect(res.json().message).toContain(field);
  });

  it('rejects a sku that is not an id, and a body that is not JSON', async () => {
    const badId = await t.call({ method: 'PUT', url: '/v1/items/-bad', payload: itemBody() });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ code: 'invalid_request', field: 'sku' });
    const notJson = await t.call({ method: 'PUT', url: '/v1/items/MUG-4', payload: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('answers 404 for an unknown item', async () => {
    const res = await t.call({ method: 'GET', url: '/v1/items/NOPE' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', field: 'sku' });
  });
});

describe('nodes and channels', () => {
  it('stores a node and a channel selling from it', async () => {
    const node = await t.call({ method: 'PUT', url: '/v1/nodes/S1', payload: nodeBody() });
    expect(node.statusCode).toBe(200);
    expect(node.json()).toEqual({ nodeId: 'S1', ...nodeBody() });
    expect((await t.call({ method: 'GET', url: '/v1/nodes/S1' })).json()).toEqual({ nodeId: 'S1', ...nodeBody() });
    const channel = await t.call({ method: 'PUT', url: '/v1/channels/web', payload: channelBody(['S1']) });
    expect(channel.statusCode).toBe(200);
    expect(channel.json()).toEqual({ channelId: 'web', ...channelBody(['S1']) });
    expect((await t.call({ method: 'GET', url: '/v1/channels/web' })).json()).toEqual({ channelId: 'web', ...channelBody(['S1']) });
  });

  it('rejects a node with a bad type or latitude, naming the field', async () => {
    const badType = await t.call({ method: 'PUT', url: '/v1/nodes/S9', payload: nodeBody({ type: 'warehouse' }) });
    expect(badType.statusCode).toBe(400);
    expect(badType.json()).toMatchObject({ code: 'invalid_request', field: 'type' });
    const badLat = await t.call({ method: 'PUT', url: '/v1/nodes/S9', payload: nodeBody({ latitude: 91 }) });
    expect(badLat.json()).toMatchObject({ field: 'latitude' });
  });

  it('answers 422 unknown_node naming the position of the unknown node, and stores nothing', async () => {
    await t.call({ method: 'PUT', url: '/v1/nodes/S2', payload: nodeBody() });
    const res = await t.call({ method: 'PUT', url: '/v1/channels/app', payload: channelBody(['S1', 'S2', 'GHOST']) });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'unknown_node', field: 'nodes.2' });
    expect(res.json().message).toContain('GHOST');
    expect((await t.call({ method: 'GET', url: '/v1/channels/app' })).statusCode).toBe(404);
  });

  it('answers 404 for an unknown node and channel', async () => {
    expect((await t.call({ method: 'GET', url: '/v1/nodes/NOPE' })).json()).toMatchObject({ code: 'not_found', field: 'nodeId' });
    expect((await t.call({ method: 'GET', url: '/v1/channels/nope' })).json()).toMatchObject({ code: 'not_found', field: 'channelId' });
  });
});

describe('lists', () => {
  it('pages through every item with nextCursor, in sku order, without repeats', async () => {
    for (let i = 0; i < 7; i++) await t.call({ method: 'PUT', url: `/v1/items/PAGE-${i}`, payload: itemBody() });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url = `/v1/items?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.call({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { sku: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((i) => i.sku));
      cursor = body.nextCursor;
      pages++;
    } while (cursor !== null && pages < 20);
    expect(pages).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((s) => s.startsWith('PAGE-'))).toHaveLength(7);
  });

  it('lists nodes and channels in the same page shape', async () => {
    const nodes = (await t.call({ method: 'GET', url: '/v1/nodes?limit=1' })).json();
    expect(nodes.items).toHaveLength(1);
    expect(typeof nodes.nextCursor).toBe('string');
    const channels = (await t.call({ method: 'GET', url: '/v1/channels' })).json();
    expect(channels).toEqual({ items: [expect.objectContaining({ channelId: 'web' })], nextCursor: null });
  });

  it.each(['/v1/items', '/v1/nodes', '/v1/channels'])('rejects a bad cursor and an out-of-range limit on %s, naming the parameter', async (url) => {
    const badCursor = await t.call({ method: 'GET', url: `${url}?cursor=not-a-cursor` });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json()).toMatchObject({ code: 'invalid_request', field: 'cursor' });
    for (const limit of ['0', String(limits.pageSizeMax + 1), 'ten']) {
      const res = await t.call({ method: 'GET', url: `${url}?limit=${limit}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_request', field: 'limit' });
    }
  });
});
