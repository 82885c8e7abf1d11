import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ConfirmReservation } from '../app/confirm-reservation.ts';
import type { EventIngestor } from '../app/ingest-events.ts';
import type { PlaceOrder } from '../app/place-order.ts';
import type { PolicyHolder } from '../app/policy-holder.ts';
import type { ReconcileSnapshot } from '../app/reconcile-snapshot.ts';
import type { ReleaseReservation } from '../app/release-reservation.ts';
import type { ReserveStock } from '../app/reserve-stock.ts';
import type { ReturnUseCases } from '../app/return-use-cases.ts';
import type { Clock } from '../ports/clock.ts';
import type { Store } from '../ports/store.ts';
import { addAuthHook } from './auth-hook.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerOpenApi } from './openapi.ts';
import { auditRoutes } from './routes/audit.ts';
import { availabilityRoutes } from './routes/availability.ts';
import { caseRoutes } from './routes/cases.ts';
import { channelRoutes } from './routes/channels.ts';
import { deadLetterRoutes } from './routes/dead-letters.ts';
import { erpDocumentRoutes } from './routes/erp-documents.ts';
import { eventTypeRoutes } from './routes/event-types.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { itemRoutes } from './routes/items.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { nodeRoutes } from './routes/nodes.ts';
import { orderRoutes } from './routes/orders.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { policyRoutes } from './routes/policies.ts';
import { positionRoutes } from './routes/positions.ts';
import { reconciliationRoutes } from './routes/reconciliations.ts';
import { type ReplenishmentUseCases, replenishmentRoutes } from './routes/replenishment.ts';
import { reservationRoutes } from './routes/reservations.ts';
import { returnRoutes } from './routes/returns.ts';
import { statsRoutes } from './routes/stats.ts';
import { ServiceMetrics } from './service-metrics.ts';

/** What the HTTP API needs; the composition root (src/main) picks the concrete store. */
export type HttpDeps = {
  store: Store;
  ingestor: EventIngestor;
  clock: Clock;
  policies: PolicyHolder;
  /** The process's Prometheus metrics (src/main shares them with the dispatcher); a fresh set when omitted. */
  metrics?: ServiceMetrics;
  /** Reservation and order use cases (sharing the ingestor's ledger writer); without them those routes are absent. */
  orders?: OrderUseCases;
  /** Replenishment run and reviews (issue 5) on the same writer; without them `/v1/replenishment` is absent. */
  replenishment?: ReplenishmentUseCases;
  /** Snapshot reconciliation (issue 5) on the same writer; without it `POST /v1/snapshots` is absent (the history is still served). */
  reconcile?: ReconcileSnapshot;
};

/** The experience API's use cases (issue 3), built by the composition root around one LedgerWriter. */
export type OrderUseCases = {
  reserve: ReserveStock;
  confirm: ConfirmReservation;
  release: ReleaseReservation;
  place: PlaceOrder;
  /** The returns process API (issue 4) on the same writer; without it, `/v1/returns` is absent. */
  returns?: ReturnUseCases;
};

/** The API version in the OpenAPI document; bump with incompatible changes to `/v1`. */
const API_VERSION = '1.0.0';

/**
 * Builds the HTTP API (not listening): `/v1` behind bearer-key auth, `/health`, `/openapi.json`
 * and `/docs` open. Tests call `app.inject`; `src/main` calls `listen`.
 *
 * @example
 * const app = await buildHttpApp({ store, ingestor, clock: systemClock }, { logger: true });
 * await app.listen({ port: 8080, host: '0.0.0.0' });
 */
export async function buildHttpApp(deps: HttpDeps, options: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  const metrics = deps.metrics ?? new ServiceMetrics(deps.store.outbox);
  metrics.addRequestTiming(app);
  await registerOpenApi(app, API_VERSION);
  await app.register(healthRoutes, { store: deps.store });
  await app.register(metricsRoutes, { metrics });
  await app.register(
    async (v1) => {
      addAuthHook(v1, deps.store);
      await v1.register(itemRoutes, { store: deps.store });
      await v1.register(nodeRoutes, { store: deps.store });
      await v1.register(channelRoutes, { store: deps.store });
      await v1.register(eventRoutes, { ingestor: deps.ingestor, metrics });
      await v1.register(deadLetterRoutes, { store: deps.store, ingestor: deps.ingestor });
      await v1.register(positionRoutes, { store: deps.store });
      await v1.register(availabilityRoutes, { store: deps.store });
      await v1.register(ledgerRoutes, { store: deps.store });
      await v1.register(eventTypeRoutes);
      await v1.register(policyRoutes, { store: deps.store, holder: deps.policies, clock: deps.clock });
      await v1.register(auditRoutes, { store: deps.store });
      await v1.register(outboxRoutes, { store: deps.store, clock: deps.clock });
      await v1.register(erpDocumentRoutes, { store: deps.store, clock: deps.clock });
      await v1.register(statsRoutes, { store: deps.store, clock: deps.clock });
      if (deps.orders) await v1.register(reservationRoutes, { store: deps.store, ...deps.orders });
      if (deps.orders) await v1.register(orderRoutes, { store: deps.store, place: deps.orders.place });
      if (deps.orders?.returns) await v1.register(returnRoutes, { store: deps.store, ...deps.orders.returns });
      await v1.register(caseRoutes, { store: deps.store, clock: deps.clock });
      if (deps.replenishment) await v1.register(replenishmentRoutes, { store: deps.store, ...deps.replenishment });
      await v1.register(reconciliationRoutes, { store: deps.store, ...(deps.reconcile && { reconcile: deps.reconcile }) });
    },
    { prefix: '/v1' },
  );
  // Not `ready()` yet: the composition root may still add its own routes (metrics) before listening.
  return app;
}
