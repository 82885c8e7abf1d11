import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { limits } from '../core/limits.ts';
import type { Clock } from '../ports/clock.ts';
import type { ApiKey, ApiKeyScope, Store } from '../ports/store.ts';

/** Secrets carry a recognisable prefix so a leaked one is easy to find in logs and repositories. */
const SECRET_PREFIX = 'osk_';

/** SHA-256 is enough here: secrets are 256 random bits, so there is nothing to brute-force. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export type CreatedApiKey = { readonly key: ApiKey; readonly secret: string };

export type CreateApiKeyInput = { readonly name: string; readonly scopes: ApiKeyScope[]; readonly source: string | null };

/**
 * Creates a key and returns its secret, the only time the secret exists outside the caller.
 * An `events:write` key must be bound to one source: a POS key cannot post as the WMS.
 */
export async function createApiKey(store: Store, clock: Clock, input: CreateApiKeyInput, secret?: string, actor = 'cli'): Promise<CreatedApiKey> {
  if (input.scopes.includes('events:write') && !input.scopes.includes('admin') && input.source === null) {
    throw new RangeError('an events:write key must name the source it posts as (--source)');
  }
  const key: ApiKey = {
    id: randomUUID(),
    name: input.name,
    scopes: [...new Set(input.scopes)],
    source: input.source,
    createdAtMs: clock.now(),
    revokedAtMs: null,
  };
  const value = secret ?? `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  await store.apiKeys.create(key, hashSecret(value));
  // Audited without the secret: who created which key with which powers.
  await store.audit.append({
    atMs: key.createdAtMs,
    actor,
    action: 'api_key.created',
    subject: key.id,
    details: { name: key.name, scopes: key.scopes, source: key.source },
  });
  return { key, secret: value };
}

/**
 * Active keys recently authenticated, by secret hash, so a request costs no store read (on
 * PostgreSQL a network round trip) while its key is fresh here. Only positive answers are kept,
 * for `limits.apiKeyCacheTtlMs`: a key revoked by another process (the CLI) stops working within
 * that time, and `revokeApiKey` in this process forgets the key at once. Bounded: beyond
 * `limits.apiKeyCacheEntriesMax` the oldest entry goes.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { readonly key: ApiKey; readonly expiresAtMs: number }>();

  constructor(
    /** Monotonic enough wall time in ms; a fake in tests. */
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = limits.apiKeyCacheTtlMs,
    private readonly entriesMax: number = limits.apiKeyCacheEntriesMax,
  ) {}

  get(secretHash: string): ApiKey | undefined {
    const entry = this.entries.get(secretHash);
    if (entry === undefined) return undefined;
    if (this.now() < entry.expiresAtMs) return entry.key;
    this.entries.delete(secretHash);
    return undefined;
  }

  remember(secretHash: string, key: ApiKey): void {
    this.entries.delete(secretHash); // re-inserted last, so eviction order stays oldest first
    if (this.entries.size >= this.entriesMax) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(secretHash, { key, expiresAtMs: this.now() + this.ttlMs });
  }

  /** Forgets every entry of key `id` (a key has one secret, but this costs nothing more to be sure). */
  forget(id: string): void {
    for (const [hash, entry] of this.entries) if (entry.key.id === id) this.entries.delete(hash);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One cache per store, shared by every caller in this process (the HTTP auth hook and `revokeApiKey`). */
const cachesByStore = new WeakMap<Store, ApiKeyCache>();

/** The process-wide key cache of `store`. */
export function apiKeyCacheOf(store: Store): ApiKeyCache {
  let cache = cachesByStore.get(store);
  if (cache === undefined) {
    cache = new ApiKeyCache();
    cachesByStore.set(store, cache);
  }
  return cache;
}

/** The active key a bearer secret belongs to, or undefined; see `ApiKeyCache` for how fresh the answer is. */
export async function authenticate(store: Store, secret: string, cache: ApiKeyCache = apiKeyCacheOf(store)): Promise<ApiKey | undefined> {
  const hash = hashSecret(secret);
  const cached = cache.get(hash);
  if (cached !== undefined) return cached;
  const key = await store.apiKeys.findBySecretHash(hash);
  if (!key || key.revokedAtMs !== null) return undefined;
  // The lookup is by hash already; the comparison guards against a store returning a wrong row.
  if (!timingSafeEqual(Buffer.from(hash), Buffer.from(hashSecret(secret)))) return undefined;
  cache.remember(hash, key);
  return key;
}

/**
 * Revokes key `id` and forgets it in this process's cache, so it fails authentication at once
 * here (other processes notice within `limits.apiKeyCacheTtlMs`). False when no active key has that id.
 */
export async function revokeApiKey(store: Store, id: string, atMs: number, cache: ApiKeyCache = apiKeyCacheOf(store), actor = 'cli'): Promise<boolean> {
  const revoked = await store.apiKeys.revoke(id, atMs);
  cache.forget(id);
  if (revoked) await store.audit.append({ atMs, actor, action: 'api_key.revoked', subject: id, details: {} });
  return revoked;
}

/**
 * Makes sure an admin key exists at startup. With `OMNISTOCK_ADMIN_KEY` set, that secret becomes
 * (or stays) an admin key. Without it, the first start creates one and returns its secret so the
 * caller prints it once; later starts return null.
 */
export async function ensureBootstrapAdmin(store: Store, clock: Clock, configuredSecret: string | undefined): Promise<string | null> {
  if (configuredSecret !== undefined && configuredSecret !== '') {
    const existing = await store.apiKeys.findBySecretHash(hashSecret(configuredSecret));
    if (!existing)
      await createApiKey(store, clock, { name: 'bootstrap admin (OMNISTOCK_ADMIN_KEY)', scopes: ['admin'], source: null }, configuredSecret, 'startup');
    return null;
  }
  if ((await store.apiKeys.countActiveAdmins()) > 0) return null;
  const created = await createApiKey(store, clock, { name: 'bootstrap admin', scopes: ['admin'], source: null }, undefined, 'startup');
  return created.secret;
}

/** Whether `key` may call an endpoint needing `scope` (admin may do everything). */
export const hasScope = (key: ApiKey, scope: ApiKeyScope): boolean => key.scopes.includes('admin') || key.scopes.includes(scope);
