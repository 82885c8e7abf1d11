import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventIngestor } from '../../app/ingest-events.ts';
import { assert } from '../../core/assert.ts';
import { domainError } from '../../core/errors.ts';
import { limits } from '../../core/limits.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import type { ServiceMetrics } from '../service-metrics.ts';

/**
 * Deliberately permissive: an object, and when it has `events`, an array of 1..1000 values. Each
 * event is validated once, by the ingestor, so one bad event gets its own verdict instead of
 * failing the batch, and a batch of 500 is not run through a zod schema twice.
 */
const eventsBodySchema = z
  .looseObject({
    events: z
      .array(z.unknown())
      .min(1, 'events must hold at least one event')
      .max(limits.eventsPerRequestMax, `events may hold at most ${limits.eventsPerRequestMax} events per request`)
      .optional()
      .describe('A batch of CloudEvents; each gets its own verdict, in order.'),
  })
  .describe('One CloudEvents 1.0 structured-JSON event (specversion, id, source, type, time, data; see GET /v1/event-types), or { "events": [ … ] }.');

/** One event's verdict, as in `{ results: [...] }` and the answer of a dead-letter replay. */
export const verdictSchema = z
  .object({
    id: z.string().nullable().describe('The event id, null when the event had none.'),
    status: z.enum(['accepted', 'duplicate', 'rejected']),
    error: errorBodySchema.optional(),
  })
  .meta({ id: 'Verdict' });

const resultsSchema = z.object({ results: z.array(verdictSchema) });

/** The verdicts are built by the ingestor, not by the client, so they are serialised without a second check. */
const plainJson = () => (data: unknown) => JSON.stringify(data);

/**
 * The field of the first event that names a source other than the key's, or null. Posting as
 * another source is a credentials problem, not a data problem, so the whole request is refused
 * with 403 and nothing is ingested or dead-lettered. Events without a string source are left to
 * the ingestor, which rejects them per event (and still checks the source as a second line).
 */
function foreignSourceField(raw: readonly unknown[], allowedSource: string, batch: boolean): string | null {
  for (let i = 0; i < raw.length; i++) {
    const source = (raw[i] as { source?: unknown } | null)?.source;
    if (typeof source === 'string' && source !== allowedSource) return batch ? `events.${i}.source` : 'source';
  }
  return null;
}

/** `POST /v1/events`: CloudEvents in, one verdict per event out. */
export const eventRoutes: FastifyPluginAsync<{ ingestor: EventIngestor; metrics?: ServiceMetrics }> = async (app, { ingestor, metrics }) => {
  // CloudEvents structured mode names its own media type (CloudEvents JSON format §4).
  app.addContentTypeParser('application/cloudevents+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.withTypeProvider<ZodTypeProvider>().post('/events', {
    config: { scope: 'events:write' },
    bodyLimit: limits.requestBodyBytesMax,
    serializerCompiler: plainJson,
    schema: {
      tags: ['events'],
      summary: 'Ingest one CloudEvent or a batch of up to 1,000',
      description:
        'Idempotent on (source, id): a repeat is answered duplicate. An events:write key may post only as its own source. Rejected events are kept as dead letters (GET /v1/dead-letters).',
      security: bearerSecurity,
      consumes: ['application/json', 'application/cloudevents+json'],
      body: eventsBodySchema,
      response: { 200: resultsSchema, ...inputErrors, 413: errorBodySchema, 503: errorBodySchema },
    },
    handler: async (request) => {
      const body = request.body;
      const raw = body.events ?? [body];
      const key = request.apiKey;
      assert(key !== null, 'the auth hook sets apiKey on every /v1 route');
      // Admin keys may post as any source; an events:write key only as the source it is bound to.
      const allowedSource = key.scopes.includes('admin') ? null : key.source;
      if (allowedSource !== null) {
        const foreign = foreignSourceField(raw, allowedSource, body.events !== undefined);
        if (foreign !== null) {
          failWith(domainError('source_not_allowed', `this API key may post events for source ${allowedSource} only`, foreign));
        }
      }
      const results = await ingestor.ingest(raw, { allowedSource });
      metrics?.recordVerdicts(raw, results);
      return { results };
    },
  });
};
