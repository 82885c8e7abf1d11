import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
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
export async function createApiKey(store: Store, clock: Clock, input: CreateApiKeyInput, secret?: string): Promise<CreatedApiKey> {
  if (input.scopes.includes('events:write') && !input.scopes.includes('admin') && input.source === null) {
    throw new RangeError('an events:write key must name the source it posts as (--source)');
  }
  const key: ApiKey = { id: randomUUID(), name: input.name, scopes: [...new Set(input.scopes)], source: input.source, createdAtMs: clock.now(), revokedAtMs: null };
  const value = secret ?? `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  await store.apiKeys.create(key, hashSecret(value));
  return { key, secret: value };
}

/** The active key a bearer secret belongs to, or undefined. */
export async function authenticate(store: Store, secret: string): Promise<ApiKey | undefined> {
  const hash = hashSecret(secret);
  const key = await store.apiKeys.findBySecretHash(hash);
  if (!key || key.revokedAtMs !== null) return undefined;
  // The lookup is by hash already; the comparison guards against a store returning a wrong row.
  return timingSafeEqual(Buffer.from(hash), Buffer.from(hashSecret(secret))) ? key : undefined;
}

/**
 * Makes sure an admin key exists at startup. With `OMNISTOCK_ADMIN_KEY` set, that secret becomes
 * (or stays) an admin key. Without it, the first start creates one and returns its secret so the
 * caller prints it once; later starts return null.
 */
export async function ensureBootstrapAdmin(store: Store, clock: Clock, configuredSecret: string | undefined): Promise<string | null> {
  if (configuredSecret !== undefined && configuredSecret !== '') {
    const existing = await store.apiKeys.findBySecretHash(hashSecret(configuredSecret));
    if (!existing) await createApiKey(store, clock, { name: 'bootstrap admin (OMNISTOCK_ADMIN_KEY)', scopes: ['admin'], source: null }, configuredSecret);
    return null;
  }
  if ((await store.apiKeys.countActiveAdmins()) > 0) return null;
  const created = await createApiKey(store, clock, { name: 'bootstrap admin', scopes: ['admin'], source: null });
  return created.secret;
}

/** Whether `key` may call an endpoint needing `scope` (admin may do everything). */
export const hasScope = (key: ApiKey, scope: ApiKeyScope): boolean => key.scopes.includes('admin') || key.scopes.includes(scope);
