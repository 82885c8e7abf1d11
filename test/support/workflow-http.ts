import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/app/api-keys.ts';
import { PolicyHolder } from '../../src/app/policy-holder.ts';
import { buildHttpApp } from '../../src/http/build-http-app.ts';
import { createLedgerRuntime, type LedgerRuntime } from '../../src/main/ledger-runtime.ts';
import type { Store } from '../../src/ports/store.ts';
import type { FakeClock } from './workflow-harness.ts';

/** The HTTP app wired as src/main wires it, listening on a free loopback port (real sockets, not inject). */
export type ListeningApp = {
  readonly app: FastifyInstance;
  readonly runtime: LedgerRuntime;
  readonly baseUrl: string;
  /** `fetch` with the admin key; JSON in and out. */
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON the tests pick apart; each assertion states the shape it expects.
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
};

export async function listenWorkflowApp(store: Store, clock: FakeClock): Promise<ListeningApp> {
  const policies = new PolicyHolder(store.policies);
  await policies.refresh();
  const runtime = createLedgerRuntime(store, clock, policies);
  const app = await buildHttpApp({ store, ingestor: runtime.ingestor, clock, policies, orders: runtime.orders });
  const admin = await createApiKey(store, clock, { name: 'test admin', scopes: ['admin'], source: null });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    runtime,
    baseUrl,
    call: async (method, path, body, headers = {}) => {
      const init: RequestInit = {
        method,
        headers: { authorization: `Bearer ${admin.secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await fetch(`${baseUrl}${path}`, init);
      const text = await res.text();
      return { status: res.status, body: text === '' ? null : JSON.parse(text), headers: res.headers };
    },
    close: async () => {
      await app.close();
      await runtime.writer.idle();
    },
  };
}

/** Runs `tasks` with at most `limit` in flight; results in task order. */
export async function boundedAll<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
