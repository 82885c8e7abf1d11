// The Shopify connector against a local HTTP server that checks the Admin GraphQL request the way
// the documentation describes inventorySetQuantities (per API version) and answers like Shopify:
// success, userErrors, THROTTLED with cost data, HTTP 429 and 5xx.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ShopifyConnector } from '../../src/adapters/channel-shopify/shopify-connector.ts';
import type { AvailabilityUpdate, ShopifyFeedConfig } from '../../src/ports/channel-connector.ts';

const TOKEN = 'shpat_test_token';
const LOCATION = 'gid://shopify/Location/456';
const ITEMS = { A: 'gid://shopify/InventoryItem/101', B: 'gid://shopify/InventoryItem/102' };
const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`));

/** InventorySetQuantitiesInput as documented for 2024-07 … 2026-01 (compare via ignoreCompareQuantity). */
const inputBefore202604 = z.strictObject({
  name: z.literal('available'),
  reason: z.string().min(1),
  referenceDocumentUri: z.string().regex(/^gid:\/\/[a-z-]+\/[A-Za-z]+\/[\w-]+$/),
  ignoreCompareQuantity: z.literal(true),
  quantities: z.array(z.strictObject({ inventoryItemId: gid('InventoryItem'), locationId: gid('Location'), quantity: z.number().int().min(0) })).min(1),
});
/** From 2026-04: every quantity carries changeFromQuantity (null opts out of compare-and-swap). */
const input202604 = z.strictObject({
  name: z.literal('available'),
  reason: z.string().min(1),
  referenceDocumentUri: z.string().regex(/^gid:\/\/[a-z-]+\/[A-Za-z]+\/[\w-]+$/),
  quantities: z
    .array(
      z.strictObject({ inventoryItemId: gid('InventoryItem'), locationId: gid('Location'), quantity: z.number().int().min(0), changeFromQuantity: z.null() }),
    )
    .min(1),
});
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

type Seen = { path: string; token: string | undefined; query: string; variables: Record<string, unknown>; problems: string[] };
let server: Server;
let endpoint: string;
const seen: Seen[] = [];
let answer: (res: ServerResponse) => void;
const ok = (res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
const cost = (requested: number, available: number) => ({
  cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate: 100 } },
});
const success = (res: ServerResponse) =>
  ok(res, {
    data: { inventorySetQuantities: { inventoryAdjustmentGroup: { id: 'gid://shopify/InventoryAdjustmentGroup/1' }, userErrors: [] } },
    extensions: cost(10, 1990),
  });

/** Checks the request against the documented shape for the version in the path. */
function problemsOf(path: string, query: string, variables: Record<string, unknown>): string[] {
  const version = /^\/admin\/api\/(\d{4}-\d{2})\/graphql\.json$/.exec(path)?.[1];
  if (version === undefined) return [`unexpected path ${path}`];
  const problems: string[] = [];
  const withDirective = version >= '2026-01';
  if (!/inventorySetQuantities\(input: \$input\)/.test(query)) problems.push('mutation call');
  if (withDirective !== /@idempotent\(key: \$idempotencyKey\)/.test(query)) problems.push('idempotent directive');
  if (!/userErrors \{ field message code \}/.test(query)) problems.push('userErrors selection');
  const schema = version >= '2026-04' ? input202604 : inputBefore202604;
  const parsed = schema.safeParse(variables.input);
  if (!parsed.success) problems.push(`input: ${parsed.error.message}`);
  if (withDirective && !uuid.safeParse(variables.idempotencyKey).success) problems.push('idempotencyKey');
  if (!withDirective && 'idempotencyKey' in variables) problems.push('idempotencyKey before 2026-01');
  return problems;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { query: string; variables: Record<string, unknown> };
      const path = req.url ?? '';
      const token = req.headers['x-shopify-access-token'] as string | undefined;
      seen.push({ path, token, query: body.query, variables: body.variables, problems: problemsOf(path, body.query, body.variables) });
      if (token !== TOKEN) return ok(res, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, 401);
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
  answer = success;
});

const config = (over: Partial<ShopifyFeedConfig> = {}): ShopifyFeedConfig => ({
  type: 'shopify',
  endpoint,
  accessToken: TOKEN,
  locationId: LOCATION,
  apiVersion: '2026-04',
  skuToInventoryItem: { strategy: 'map', items: ITEMS },
  timeoutMs: 2_000,
  rateLimit: { requestsPerSecond: 2, burst: 4 },
  ...over,
});
const connector = (over: Partial<ShopifyFeedConfig> = {}) => new ShopifyConnector(config(over), { now: () => 0 });
const update = (sku: string, available: number, id: number, attempts = 0): AvailabilityUpdate => ({
  sku,
  available,
  idempotencyKey: `omnistock:shop:${id}`,
  attempts,
});

describe('shopify connector', () => {
  it.each(['2024-07', '2025-01', '2026-01', '2026-04', '2026-10'])('sends the documented inventorySetQuantities request for API %s', async (apiVersion) => {
    expect(await connector({ apiVersion }).push([update('A', 7, 1), update('B', 0, 2)])).toEqual({ kind: 'delivered' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.problems).toEqual([]);
    expect(seen[0]?.token).toBe(TOKEN);
    const input = seen[0]?.variables.input as { quantities: { inventoryItemId: string; quantity: number; locationId: string }[] };
    expect(input.quantities.map((q) => [q.inventoryItemId, q.locationId, q.quantity])).toEqual([
      [ITEMS.A, LOCATION, 7],
      [ITEMS.B, LOCATION, 0],
    ]);
  });

  it('keeps the idempotency key across a redelivery and changes it after a recorded failure', async () => {
    await connector().push([update('A', 7, 1)]);
    await connector().push([update('A', 7, 1)]);
    await connector().push([update('A', 7, 1, 1)]);
    const keys = seen.map((s) => s.variables.idempotencyKey);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('maps userErrors on one quantity to a rejection of that SKU', async () => {
    answer = (res) =>
      ok(res, {
        data: {
          inventorySetQuantities: {
            inventoryAdjustmentGroup: null,
            userErrors: [
              {
                field: ['input', 'quantities', '1', 'inventoryItemId'],
                message: 'The specified inventory item could not be found.',
                code: 'INVALID_INVENTORY_ITEM',
              },
            ],
          },
        },
      });
    expect(await connector().push([update('A', 7, 1), update('B', 1, 2)])).toMatchObject({
      kind: 'rejected',
      rejections: [{ sku: 'B', code: 'INVALID_INVENTORY_ITEM', message: 'The specified inventory item could not be found.' }],
    });
  });

  it('rejects every SKU for a request-wide userError such as INVALID_LOCATION', async () => {
    answer = (res) =>
      ok(res, {
        data: {
          inventorySetQuantities: {
            inventoryAdjustmentGroup: null,
            userErrors: [
              { field: ['input', 'quantities', '0', 'locationId'], message: 'The specified location could not be found.', code: 'INVALID_LOCATION' },
            ],
          },
        },
      });
    const result = await connector().push([update('A', 7, 1), update('B', 1, 2)]);
    expect(result.kind === 'rejected' && result.rejections.map((r) => [r.sku, r.code])).toEqual([
      ['A', 'INVALID_LOCATION'],
      ['B', 'INVALID_LOCATION'],
    ]);
  });

  it('retries idempotency and compare-and-swap races', async () => {
    answer = (res) =>
      ok(res, {
        data: {
          inventorySetQuantities: {
            inventoryAdjustmentGroup: null,
            userErrors: [{ field: null, message: 'This request is currently in progress, please try again.', code: 'IDEMPOTENCY_CONCURRENT_REQUEST' }],
          },
        },
      });
    expect(await connector().push([update('A', 7, 1)])).toMatchObject({ kind: 'retryable', reason: 'conflict' });
  });

  it('waits out a THROTTLED reply for as long as the cost data says', async () => {
    answer = (res) =>
      ok(res, {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: cost(752, 666),
      });
    // (752 − 666) points at 100 points/s = 860 ms.
    expect(await connector().push([update('A', 7, 1)])).toEqual({
      kind: 'retryable',
      reason: 'throttled',
      message: 'Shopify throttled the request',
      retryAfterMs: 860,
    });
  });

  it('reads HTTP 429 with Retry-After, and 5xx, as retryable', async () => {
    answer = (res) => ok(res, { errors: [{ message: 'Throttled' }] }, 429, { 'Retry-After': '2.0' });
    expect(await connector().push([update('A', 7, 1)])).toMatchObject({ kind: 'retryable', reason: 'throttled', retryAfterMs: 2_000 });
    answer = (res) => ok(res, { errors: 'Internal Server Error' }, 502);
    expect(await connector().push([update('A', 7, 1)])).toMatchObject({ kind: 'retryable', reason: 'server_error' });
    answer = (res) => ok(res, { errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(await connector().push([update('A', 7, 1)])).toMatchObject({ kind: 'retryable', reason: 'server_error' });
  });

  it('rejects every SKU on a wrong access token (401) and on ACCESS_DENIED', async () => {
    const result = await connector({ accessToken: 'wrong' }).push([update('A', 7, 1)]);
    expect(result).toMatchObject({ kind: 'rejected', rejections: [{ sku: 'A', code: 'http_401' }] });
    answer = (res) => ok(res, { errors: [{ message: 'Access denied for inventorySetQuantities field.', extensions: { code: 'ACCESS_DENIED' } }] });
    expect(await connector().push([update('A', 7, 1)])).toMatchObject({ kind: 'rejected', rejections: [{ sku: 'A', code: 'ACCESS_DENIED' }] });
  });

  it('reads replies it cannot understand as malformed', async () => {
    answer = (res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>maintenance</html>');
    expect(await connector().push([update('A', 7, 1)])).toMatchObject({ kind: 'malformed' });
    answer = (res) => ok(res, { data: {} });
    expect(await connector().push([update('A', 7, 1)])).toMatchObject({ kind: 'malformed' });
    answer = (res) => ok(res, { errors: [{ message: "Field 'x' doesn't exist on type 'Mutation'", extensions: { code: 'undefinedField' } }] });
    expect(await connector().push([update('A', 7, 1)])).toMatchObject({ kind: 'malformed', message: expect.stringContaining('undefinedField') });
  });

  it('rejects an unmapped SKU before sending anything', async () => {
    const result = await connector().push([update('A', 7, 1), update('NOPE', 1, 2)]);
    expect(result).toMatchObject({ kind: 'rejected', rejections: [{ sku: 'NOPE', code: 'UNMAPPED_SKU' }] });
    expect(seen).toHaveLength(0);
  });

  it('refuses an API version older than the mutation', () => {
    expect(() => connector({ apiVersion: '2024-04' })).toThrow('2024-07');
    expect(() => connector({ apiVersion: 'latest' })).toThrow();
  });
});
