import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { isEventType, isWorkflowEventType } from '../core/events/catalogue.ts';
import { OUTBOX_STATUSES, type OutboxRepository } from '../ports/outbox.ts';

/** Push latencies span a local webhook (milliseconds) to a throttled channel (minutes). */
const PUSH_LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const HTTP_DURATION_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/**
 * The Prometheus metrics of one process, in a registry of its own (not prom-client's global one,
 * so two apps in one test process never clash). Names follow Prometheus conventions: base units
 * (seconds), `_total` for counters. Label values are closed sets: event types outside the
 * catalogue count as `unknown`, routes are patterns (`/v1/outbox/:id`), never raw URLs, so a
 * hostile client cannot grow the series without bound.
 *
 * - `omnistock_events_ingested_total{verdict,type}`
 * - `omnistock_http_request_duration_seconds{method,route,status}`
 * - `omnistock_channel_push_latency_seconds{channel}`: event arrival → channel acknowledgement
 * - `omnistock_outbox_rows{status}`: read from the store at scrape time
 * - prom-client's default process metrics (`process_*`, `nodejs_*`)
 */
export class ServiceMetrics {
  readonly registry = new client.Registry();
  readonly #eventsIngested: client.Counter<'verdict' | 'type'>;
  readonly #httpDuration: client.Histogram<'method' | 'route' | 'status'>;
  readonly #pushLatency: client.Histogram<'channel'>;

  constructor(outbox: Pick<OutboxRepository, 'countByStatus'>) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry });
    this.#eventsIngested = new client.Counter({
      name: 'omnistock_events_ingested_total',
      help: 'Events answered by POST /v1/events, by verdict and CloudEvents type',
      labelNames: ['verdict', 'type'],
      registers,
    });
    this.#httpDuration = new client.Histogram({
      name: 'omnistock_http_request_duration_seconds',
      help: 'HTTP request durations, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_DURATION_BUCKETS_SECONDS,
      registers,
    });
    this.#pushLatency = new client.Histogram({
      name: 'omnistock_channel_push_latency_seconds',
      help: "Latency from the causing event's arrival to the channel's acknowledgement of the outbox row",
      labelNames: ['channel'],
      buckets: PUSH_LATENCY_BUCKETS_SECONDS,
      registers,
    });
    new client.Gauge({
      name: 'omnistock_outbox_rows',
      help: 'Outbox rows by status, read from the store at scrape time',
      labelNames: ['status'],
      registers,
      async collect() {
        // A store that cannot answer leaves the previous values: a scrape must not fail with it.
        const counts = await outbox.countByStatus().catch(() => undefined);
        if (counts) for (const status of OUTBOX_STATUSES) this.set({ status }, counts[status]);
      },
    });
  }

  /** Counts the verdicts of one POST /v1/events; `raw[i]` is the event verdict `i` answers. */
  recordVerdicts(raw: readonly unknown[], verdicts: readonly { readonly status: string }[]): void {
    verdicts.forEach((verdict, i) => {
      const type = (raw[i] as { type?: unknown } | null | undefined)?.type;
      this.#eventsIngested.inc({
        verdict: verdict.status,
        type: typeof type === 'string' && (isEventType(type) || isWorkflowEventType(type)) ? type : 'unknown',
      });
    });
  }

  /** Observes one delivered outbox row. */
  observePushLatency(channel: string, latencyMs: number): void {
    this.#pushLatency.observe({ channel }, latencyMs / 1000);
  }

  /** Times every request of `app` (404s under the route `unmatched`). */
  addRequestTiming(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      this.#httpDuration.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  }
}
