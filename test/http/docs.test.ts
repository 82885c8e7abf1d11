// The self-description of the API: /health, the OpenAPI 3.1 document generated from the zod
// schemas (every route listed, bearer security on /v1), swagger-ui at /docs, and the event catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, WORKFLOW_EVENT_TYPES } from '../../src/core/events/catalogue.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const ROUTES: [string, string][] = [
  ['/v1/items/{sku}', 'put'],
  ['/v1/items/{sku}', 'get'],
  ['/v1/items', 'get'],
  ['/v1/nodes/{nodeId}', 'put'],
  ['/v1/nodes/{nodeId}', 'get'],
  ['/v1/nodes', 'get'],
  ['/v1/channels/{channelId}', 'put'],
  ['/v1/channels/{channelId}', 'get'],
  ['/v1/channels', 'get'],
  ['/v1/events', 'post'],
  ['/v1/dead-letters', 'get'],
  ['/v1/dead-letters/{id}', 'get'],
  ['/v1/dead-letters/{id}/replay', 'post'],
  ['/v1/positions/{sku}', 'get'],
  ['/v1/availability/{sku}', 'get'],
  ['/v1/availability', 'get'],
  ['/v1/ledger', 'get'],
  ['/v1/event-types', 'get'],
  ['/health', 'get'],
];

describe('documentation', () => {
  it('answers /health with the store kind', async () => {
    const res = await t.app.inject({ url: '/health' });
    expect(res.json()).toEqual({ status: 'ok', store: 'sqlite' });
  });

  it('serves an OpenAPI 3.1.0 document listing every route, with bearer security on /v1', async () => {
    const res = await t.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, method] of ROUTES) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/docs') || p === '/openapi.json')).toEqual([]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/items'].get.security).toEqual([{ bearerAuth: [] }]);
    // Generated from the validating zod schemas: the item body carries its limits.
    const itemBody = doc.paths['/v1/items/{sku}'].put.requestBody.content['application/json'].schema;
    const resolved = itemBody.$ref ? doc.components.schemas[itemBody.$ref.split('/').at(-1)] : itemBody;
    expect(resolved.properties.unitCost).toMatchObject({ minimum: 0 });
    expect(Object.keys(doc.paths['/v1/events'].post.requestBody.content)).toEqual(['application/json', 'application/cloudevents+json']);
    expect(doc.paths['/v1/availability'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['channel', 'skus']);
  });

  it('serves swagger-ui at /docs', async () => {
    const res = await t.app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/swagger/i);
  });

  it('lists the event catalogue with a JSON Schema per type and version', async () => {
    const res = await t.call({ url: '/v1/event-types' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      items: { type: string; description: string; versions: { version: string; dataSchema: { properties: Record<string, unknown>; required: string[] } }[] }[];
      nextCursor: null;
    };
    expect(body.items.map((i) => i.type)).toEqual([...EVENT_TYPES, ...WORKFLOW_EVENT_TYPES]);
    expect(body.nextCursor).toBeNull();
    const sale = body.items.find((i) => i.type === 'pos.sale');
    expect(sale?.description).toMatch(/available → customer/);
    expect(sale?.versions[0]?.version).toBe('v1');
    expect(sale?.versions[0]?.dataSchema.required).toEqual(expect.arrayContaining(['sku', 'node', 'qty']));
    expect(sale?.versions[0]?.dataSchema.properties.qty).toMatchObject({ type: 'integer', exclusiveMinimum: 0 });
    const count = body.items.find((i) => i.type === 'wms.cycle_count');
    expect(count?.versions[0]?.dataSchema.properties).toHaveProperty('countedQty');
  });
});
