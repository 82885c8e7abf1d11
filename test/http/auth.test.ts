// Access control over HTTP: every /v1 route needs a bearer key with the right scope (401 for a
// missing, malformed, unknown or revoked key; 403 naming the scope), while /health and the docs are open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../src/app/api-keys.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';
import { itemBody } from './fixtures.ts';

let t: TestApp;
let readKey: string;
let writeKey: string;
beforeAll(async () => {
  t = await buildTestApp();
  readKey = await t.keyWith(['inventory:read']);
  writeKey = await t.keyWith(['events:write'], 'pos/berlin');
});
afterAll(async () => t.close());

/** One route of each scope class, with a body that would be valid. */
const ROUTES = [
  { method: 'GET', url: '/v1/items', scope: 'inventory:read' },
  { method: 'GET', url: '/v1/positions/SKU-1', scope: 'inventory:read' },
  { method: 'GET', url: '/v1/availability/SKU-1?channel=web', scope: 'inventory:read' },
  { method: 'GET', url: '/v1/ledger', scope: 'inventory:read' },
  { method: 'GET', url: '/v1/event-types', scope: 'inventory:read' },
  { method: 'PUT', url: '/v1/items/SKU-1', scope: 'admin', payload: itemBody() },
  { method: 'GET', url: '/v1/dead-letters', scope: 'admin' },
  { method: 'POST', url: '/v1/dead-letters/1/replay', scope: 'admin' },
  { method: 'POST', url: '/v1/events', scope: 'events:write', payload: { events: [{}] } },
] as const;

describe('401', () => {
  it.each(ROUTES)('$method $url without a key', async (route) => {
    const res = await t.app.inject({ method: route.method, url: route.url, ...('payload' in route ? { payload: route.payload } : {}) });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toMatchObject({ code: 'unauthorized', field: 'authorization' });
    expect(res.json().message).toMatch(/missing Authorization header/);
  });

  it('rejects a header that is not Bearer, and an unknown key', async () => {
    const basic = await t.app.inject({ url: '/v1/items', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.statusCode).toBe(401);
    expect(basic.json().message).toMatch(/Bearer/);
    const unknown = await t.call({ url: '/v1/items', key: 'osk_not-a-real-key' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().message).toMatch(/unknown or revoked/);
  });

  it('rejects a revoked key at once', async () => {
    const { key, secret } = await createApiKey(t.store, { now: Date.now }, { name: 'to revoke', scopes: ['inventory:read'], source: null });
    expect((await t.call({ url: '/v1/items', key: secret })).statusCode).toBe(200);
    expect(await revokeApiKey(t.store, key.id, Date.now())).toBe(true);
    const res = await t.call({ url: '/v1/items', key: secret });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized' });
  });
});

describe('403', () => {
  it.each(ROUTES.filter((r) => r.scope !== 'inventory:read'))('an inventory:read key on $method $url is told the scope it lacks', async (route) => {
    const res = await t.call({ method: route.method, url: route.url, key: readKey, ...('payload' in route ? { payload: route.payload } : {}) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden' });
    expect(res.json().message).toContain(route.scope);
  });

  it.each(ROUTES.filter((r) => r.scope !== 'events:write'))('an events:write key on $method $url is forbidden', async (route) => {
    const res = await t.call({ method: route.method, url: route.url, key: writeKey, ...('payload' in route ? { payload: route.payload } : {}) });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain(route.scope);
  });
});

describe('allowed', () => {
  it('lets an admin key call every scope and a read key read', async () => {
    expect((await t.call({ method: 'PUT', url: '/v1/items/SKU-1', payload: itemBody() })).statusCode).toBe(200);
    expect((await t.call({ url: '/v1/items/SKU-1', key: readKey })).statusCode).toBe(200);
    expect((await t.call({ url: '/v1/ledger' })).statusCode).toBe(200);
  });

  it('serves /health, /openapi.json and /docs without a key', async () => {
    expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
    const docs = await t.app.inject({ url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers an unknown route with 404 not_found', async () => {
    const res = await t.call({ url: '/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });
});
