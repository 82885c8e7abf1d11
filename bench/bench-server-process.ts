import Fastify, { type FastifyInstance } from 'fastify';
import { createApiKey } from '../src/app/api-keys.ts';
import { PolicyHolder } from '../src/app/policy-holder.ts';
import { buildHttpApp } from '../src/http/build-http-app.ts';
import { createLedgerRuntime } from '../src/main/ledger-runtime.ts';
import { openStore } from '../src/main/open-store.ts';
import { systemClock } from '../src/ports/clock.ts';

/**
 * The server side of the HTTP benchmarks, in a process of its own (started by bench-server.ts) so
 * the load generator never shares its event loop. `omnistock` composes the app as
 * src/main/start-server.ts does — openStore from the environment, PolicyHolder, createLedgerRuntime,
 * buildHttpApp — minus demo data, feeds and the policy poller, with request logs off (warn level).
 * `bare` is the limit: Fastify with no plugin, schema or database.
 */
export type BenchServerConfig =
  | { readonly app: 'omnistock'; readonly env: Readonly<Record<string, string>>; readonly keySecret: string; readonly keySource: string }
  | { readonly app: 'bare' };

/** Messages from this process to its parent. */
export type BenchServerMessage = { readonly ready: string } | { readonly stopped: true };

/** Bare routes: a POST answering a fixed body after parsing the JSON, and a GET answering a small object. */
function bareApp(): { app: FastifyInstance; stop: () => Promise<void> } {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
  app.post('/post', async () => ({ ok: true }));
  app.get('/get/:sku', async (request) => ({ sku: (request.params as { sku: string }).sku, ats: 1 }));
  return { app, stop: () => app.close() };
}

async function omnistockApp(config: Extract<BenchServerConfig, { app: 'omnistock' }>): Promise<{ app: FastifyInstance; stop: () => Promise<void> }> {
  const store = await openStore({ ...config.env });
  const policies = new PolicyHolder(store.policies);
  await policies.refresh();
  const runtime = createLedgerRuntime(store, systemClock, policies);
  await createApiKey(store, systemClock, { name: 'bench', scopes: ['events:write', 'inventory:read'], source: config.keySource }, config.keySecret);
  // start-server.ts runs this right after listening; awaited here so no measurement overlaps it.
  await runtime.rebuildIfInputsChanged();
  const app = await buildHttpApp({ store, ingestor: runtime.ingestor, clock: systemClock, policies, orders: runtime.orders }, { logger: { level: 'warn' } });
  return {
    app,
    stop: async () => {
      await app.close();
      await runtime.ingestor.idle();
      await store.close();
    },
  };
}

const send = (message: BenchServerMessage) => process.send?.(message);
const config = JSON.parse(process.argv[2] ?? '{}') as BenchServerConfig;
const server = config.app === 'bare' ? bareApp() : await omnistockApp(config);
const address = await server.app.listen({ host: '127.0.0.1', port: 0 });
process.on('message', (message) => {
  if (message !== 'stop') return;
  void server.stop().then(() => {
    send({ stopped: true });
    process.disconnect?.();
  });
});
send({ ready: address });
