import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiKey } from '../../src/app/api-keys.ts';
import type { EventIngestor } from '../../src/app/ingest-events.ts';
import { PolicyHolder } from '../../src/app/policy-holder.ts';
import { buildHttpApp } from '../../src/http/build-http-app.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../src/main/ledger-runtime.ts';
import type { Clock } from '../../src/ports/clock.ts';
import type { ApiKeyScope, Store } from '../../src/ports/store.ts';
import { sqliteBackend } from '../support/stores.ts';

export type TestApp = {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly ingestor: EventIngestor;
  /** The write side (ledger writer, availability projection) the app runs on. */
  readonly runtime: LedgerRuntime;
  /** The policy in force in this app (refreshed by PUT /v1/policies). */
  readonly policies: PolicyHolder;
  /** Secret of an admin key. */
  readonly adminKey: string;
  /** Creates another key and returns its secret. */
  keyWith(scopes: ApiKeyScope[], source?: string | null): Promise<string>;
  /** `app.inject` with `Authorization: Bearer <key>` (the admin key unless given). */
  call(options: InjectOptions & { key?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

/**
 * The HTTP app over a fresh SQLite store in a temporary directory, with an admin key. Every test
 * file builds its own, so tests never see each other's data.
 */
export async function buildTestApp(overrides: { ingestor?: EventIngestor } = {}): Promise<TestApp> {
  const opened = await sqliteBackend.open();
  const store = opened.store;
  let now = Date.parse('2026-11-01T12:00:00Z');
  const clock: Clock = { now: () => now++ };
  const policies = new PolicyHolder(store.policies);
  await policies.refresh();
  const runtime = createLedgerRuntime(store, clock, policies);
  const ingestor = overrides.ingestor ?? runtime.ingestor;
  const app = await buildHttpApp({ store, ingestor, clock, policies });
  const admin = await createApiKey(store, clock, { name: 'test admin', scopes: ['admin'], source: null });
  return {
    app,
    store,
    ingestor,
    runtime,
    policies,
    adminKey: admin.secret,
    keyWith: async (scopes, source = null) => (await createApiKey(store, clock, { name: `test ${scopes.join(' ')}`, scopes, source })).secret,
    call: ({ key, headers, ...options }) => app.inject({ ...options, headers: { authorization: `Bearer ${key ?? admin.secret}`, ...headers } }),
    close: async () => {
      await app.close();
      await ingestor.idle();
      await opened.dispose();
    },
  };
}
