import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, hasScope } from '../app/api-keys.ts';
import { domainError } from '../core/errors.ts';
import type { ApiKey, ApiKeyScope, Store } from '../ports/store.ts';
import { HttpError } from './http-error.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a `/v1` route needs; every route under the auth hook must name one. */
    scope?: ApiKeyScope;
  }
  interface FastifyRequest {
    /** The authenticated key; null outside the `/v1` scope. */
    apiKey: ApiKey | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Requires `Authorization: Bearer <secret>` on every route of `scope` (the `/v1` prefix) and the
 * route's `config.scope`. Runs on `onRequest`, before body parsing and validation, so an anonymous
 * caller learns nothing about the API from validation messages and cannot make us parse 16 MiB.
 *
 * A key found active is remembered for `limits.apiKeyCacheTtlMs` (5 s), so most requests read
 * nothing from the store: a revoke in this process (`revokeApiKey`) takes effect at once, one made
 * by another process (the CLI) within that time (README, "Access").
 */
export function addAuthHook(scope: FastifyInstance, store: Store): void {
  scope.decorateRequest('apiKey', null);
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const needed = request.routeOptions.config.scope;
    // A route without a scope is a programmer error; fail closed rather than serve it anonymously.
    if (needed === undefined) throw new Error(`route ${request.routeOptions.url} declares no scope`);
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw new HttpError(domainError('unauthorized', 'missing Authorization header; send Authorization: Bearer <API key>', 'authorization'));
    }
    const match = BEARER.exec(header);
    if (!match) throw new HttpError(domainError('unauthorized', 'the Authorization header must be Bearer <API key>', 'authorization'));
    const key = await authenticate(store, match[1] as string);
    if (!key) throw new HttpError(domainError('unauthorized', 'unknown or revoked API key', 'authorization'));
    if (!hasScope(key, needed)) {
      throw new HttpError(domainError('forbidden', `this API key lacks the scope ${needed} that ${request.method} ${request.routeOptions.url} needs`));
    }
    request.apiKey = key;
  });
}
