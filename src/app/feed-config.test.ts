// Feed configuration: a good file resolves to connector configs with secrets from the environment;
// a bad field, an unset variable or a secret written into the file is refused, naming path and field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli/cli-error.ts';
import { limits } from '../core/limits.ts';
import { loadServeFeeds } from '../main/start-feed-dispatcher.ts';
import { resolveFeedConfig } from './feed-config.ts';
import { loadFeedConfig } from './load-feed-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'omnistock-feeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const GOOD = `
feeds:
  web:
    type: webhook
    url: http://127.0.0.1:9099/hook
    secretEnv: WEB_SECRET
    requestsPerSecond: 2.5
  shop:
    type: shopify
    endpoint: https://example.myshopify.com
    accessTokenEnv: SHOP_TOKEN
    locationId: gid://shopify/Location/7
    apiVersion: "2026-04"
    inventoryItems: { SKU-1: gid://shopify/InventoryItem/11 }
    requestsPerSecond: 4
    burst: 8
    timeoutMs: 2000
`;
const env = { WEB_SECRET: 's3cret', SHOP_TOKEN: 'shpat_x' };

describe('feed configuration', () => {
  it('resolves a good file: connector configs, secrets from the environment, rate-limit defaults', async () => {
    const r = await loadFeedConfig(file('good.yaml', GOOD), env);
    expect(r.ok && Object.fromEntries(r.value)).toEqual({
      web: {
        type: 'webhook',
        url: 'http://127.0.0.1:9099/hook',
        secret: 's3cret',
        timeoutMs: limits.connectorTimeoutMsDefault,
        rateLimit: { requestsPerSecond: 2.5, burst: 3 },
      },
      shop: {
        type: 'shopify',
        endpoint: 'https://example.myshopify.com',
        accessToken: 'shpat_x',
        locationId: 'gid://shopify/Location/7',
        apiVersion: '2026-04',
        skuToInventoryItem: { strategy: 'map', items: { 'SKU-1': 'gid://shopify/InventoryItem/11' } },
        timeoutMs: 2000,
        rateLimit: { requestsPerSecond: 4, burst: 8 },
      },
    });
  });

  it('names the path and the field at fault', async () => {
    const path = file('bad.yaml', GOOD.replace('apiVersion: "2026-04"', 'apiVersion: "2023-10"').replace('http://127.0.0.1:9099/hook', 'ftp://x'));
    const r = await loadFeedConfig(path, env);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain(`the feeds file ${path} is invalid`);
    expect(r.error).toContain('feeds.web.url: must be an http:// or https:// URL');
    expect(r.error).toContain('feeds.shop.apiVersion: must be 2024-07 or later');
  });

  it('names the unset environment variable and the field that names it, never a value', () => {
    const r = resolveFeedConfig(
      { feeds: { web: { type: 'webhook', url: 'https://x.example/h', secretEnv: 'NOT_SET_ANYWHERE', requestsPerSecond: 1 } } },
      { OTHER: 'x' },
    );
    expect(r).toEqual({ ok: false, error: [{ field: 'feeds.web.secretEnv', message: 'the environment variable NOT_SET_ANYWHERE is not set' }] });
  });

  it('refuses a secret written into the file, and an unknown connector type', () => {
    const r = resolveFeedConfig(
      { feeds: { web: { type: 'webhook', url: 'https://x.example/h', secretEnv: 'WEB_SECRET', secret: 'oops', requestsPerSecond: 1 }, fax: { type: 'fax' } } },
      env,
    );
    expect(r.ok ? [] : r.error.map((i) => i.field)).toEqual(['feeds.web.secret', 'feeds.fax.type']);
  });

  it('stops serve with a CliError naming path and field; no feeds file means no feeds', async () => {
    const path = file('rate.yaml', GOOD.replace('requestsPerSecond: 4', 'requestsPerSecond: 0'));
    const base = { port: 0, host: '127.0.0.1', demo: false, policyFile: null };
    const error = await loadServeFeeds({ ...base, feedsFile: path }, env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(new RegExp(`${path}.*feeds\\.shop\\.requestsPerSecond`));
    expect((await loadServeFeeds({ ...base, feedsFile: join(dir, 'missing.yaml') }, env).catch((e: Error) => e.message)) as string).toContain(
      'cannot read the feeds file',
    );
    expect((await loadServeFeeds(base, env)).size).toBe(0);
  });

  it('accepts the demo feeds file when its secret is set', async () => {
    const r = await loadFeedConfig(new URL('../../demo/feeds.yaml', import.meta.url).pathname, { OMNISTOCK_WEB_FEED_SECRET: 'demo' });
    expect(r.ok && [...r.value.keys()]).toEqual(['web']);
  });
});
