// Goal: the API-key cache saves store reads without keeping a revoked key alive longer than promised.
// Method: a real SQLite store, a fake clock for the cache, revocations both here and "elsewhere" (in the store directly).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenedStore, sqliteBackend } from '../../test/support/stores.ts';
import { limits } from '../core/limits.ts';
import type { Store } from '../ports/store.ts';
import { ApiKeyCache, authenticate, createApiKey, revokeApiKey } from './api-keys.ts';

let opened: OpenedStore;
let store: Store;
let nowMs: number;
let reads: number;
beforeEach(async () => {
  opened = await sqliteBackend.open();
  store = opened.store;
  nowMs = 1_800_000_000_000;
  reads = 0;
  const find = store.apiKeys.findBySecretHash.bind(store.apiKeys);
  // Counts store reads, to show which lookups the cache answered.
  store.apiKeys.findBySecretHash = async (hash) => {
    reads += 1;
    return find(hash);
  };
});
afterEach(async () => opened.dispose());

const readKey = () => createApiKey(store, { now: () => nowMs }, { name: 'reader', scopes: ['inventory:read'], source: null });

describe('ApiKeyCache', () => {
  it('answers a fresh key from memory, and reads the store again once the TTL has passed', async () => {
    const cache = new ApiKeyCache(() => nowMs);
    const { key, secret } = await readKey();
    expect(await authenticate(store, secret, cache)).toMatchObject({ id: key.id });
    expect(await authenticate(store, secret, cache)).toMatchObject({ id: key.id });
    expect(reads).toBe(1);
    nowMs += limits.apiKeyCacheTtlMs;
    expect(await authenticate(store, secret, cache)).toMatchObject({ id: key.id });
    expect(reads).toBe(2);
  });

  it('lets a key revoked by another process work until the TTL ends, and no longer', async () => {
    const cache = new ApiKeyCache(() => nowMs);
    const { key, secret } = await readKey();
    expect(await authenticate(store, secret, cache)).toBeDefined();
    await store.apiKeys.revoke(key.id, nowMs); // as `omnistock keys revoke` does, from its own process
    nowMs += limits.apiKeyCacheTtlMs - 1;
    expect(await authenticate(store, secret, cache)).toBeDefined();
    nowMs += 1;
    expect(await authenticate(store, secret, cache)).toBeUndefined();
  });

  it('rejects a key revoked in this process at once', async () => {
    const cache = new ApiKeyCache(() => nowMs);
    const { key, secret } = await readKey();
    expect(await authenticate(store, secret, cache)).toBeDefined();
    expect(await revokeApiKey(store, key.id, nowMs, cache)).toBe(true);
    expect(await authenticate(store, secret, cache)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never remembers an unknown secret, so a key created afterwards works at once', async () => {
    const cache = new ApiKeyCache(() => nowMs);
    expect(await authenticate(store, 'osk_later', cache)).toBeUndefined();
    await createApiKey(store, { now: () => nowMs }, { name: 'later', scopes: ['inventory:read'], source: null }, 'osk_later');
    expect(await authenticate(store, 'osk_later', cache)).toMatchObject({ name: 'later' });
    expect(cache.size).toBe(1);
  });

  it('holds at most its bound, dropping the oldest key first', async () => {
    const cache = new ApiKeyCache(() => nowMs, limits.apiKeyCacheTtlMs, 2);
    const keys = [await readKey(), await readKey(), await readKey()];
    for (const k of keys) await authenticate(store, k.secret, cache);
    expect(cache.size).toBe(2);
    reads = 0;
    await authenticate(store, keys[2]?.secret as string, cache);
    expect(reads).toBe(0);
    await authenticate(store, keys[0]?.secret as string, cache);
    expect(reads).toBe(1);
  });

  it('is shared per store by default, so revokeApiKey reaches the cache the HTTP hook uses', async () => {
    const { key, secret } = await readKey();
    expect(await authenticate(store, secret)).toBeDefined();
    expect(await revokeApiKey(store, key.id, nowMs)).toBe(true);
    expect(await authenticate(store, secret)).toBeUndefined();
  });
});

describe('audit of key changes', () => {
  it('records who created and revoked a key, never its secret', async () => {
    const opened = await sqliteBackend.open();
    try {
      const clock = { now: () => 1_800_000_000_000 };
      const { key, secret } = await createApiKey(opened.store, clock, { name: 'POS Leeds', scopes: ['events:write'], source: 'pos/leeds' });
      expect(await revokeApiKey(opened.store, key.id, clock.now())).toBe(true);
      const entries = (await opened.store.audit.list({ subject: key.id }, { cursor: null, limit: 10 })).items;
      expect(entries.map((e) => [e.action, e.actor])).toEqual([
        ['api_key.created', 'cli'],
        ['api_key.revoked', 'cli'],
      ]);
      expect(JSON.stringify(entries)).not.toContain(secret);
    } finally {
      await opened.dispose();
    }
  });
});
