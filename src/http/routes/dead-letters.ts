import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventIngestor } from '../../app/ingest-events.ts';
import { replayDeadLetter } from '../../app/replay-dead-letter.ts';
import { domainError } from '../../core/errors.ts';
import type { DeadLetter, Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { pageOf, pageQuery, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';
import { verdictSchema } from './events.ts';

const deadLetterSchema = z
  .object({
    id: z.number().int(),
    source: z.string().nullable(),
    eventId: z.string().nullable(),
    type: z.string().nullable(),
    event: z.unknown().describe('The event as received (JSON).'),
    error: errorBodySchema,
    status: z.enum(['pending', 'replayed']),
    recordedAt: z.string(),
    replayedAt: z.string().nullable(),
  })
  .meta({ id: 'DeadLetter' });

const params = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('The dead letter id.') });
const listQuery = z.strictObject({ status: z.enum(['pending', 'replayed']).optional(), ...pageQuery });
// Nullish: Fastify hands a POST without a body to validation as null.
const replayBody = z
  .strictObject({ event: z.record(z.string(), z.unknown()).optional().describe('A corrected CloudEvent to ingest in place of the stored one.') })
  .nullish();
const tags = ['dead letters'];

function toView(letter: DeadLetter) {
  let event: unknown;
  try {
    event = JSON.parse(letter.body);
  } catch {
    event = letter.body;
  }
  const { body: _body, recordedAtMs, replayedAtMs, ...rest } = letter;
  return { ...rest, event, recordedAt: rfc3339(recordedAtMs), replayedAt: replayedAtMs === null ? null : rfc3339(replayedAtMs) };
}

/** `GET /v1/dead-letters[/{id}]` and `POST /v1/dead-letters/{id}/replay`: rejected events, kept until fixed. */
export const deadLetterRoutes: FastifyPluginAsync<{ store: Store; ingestor: EventIngestor }> = async (app, { store, ingestor }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/dead-letters', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: 'List dead letters, oldest first',
      security: bearerSecurity,
      querystring: listQuery,
      response: { 200: pageOf(deadLetterSchema), ...inputErrors },
    },
    handler: async (request) => {
      const { status, ...page } = request.query;
      const result = await store.deadLetters.list(status === undefined ? {} : { status }, toPageRequest(page));
      return { items: result.items.map(toView), nextCursor: result.nextCursor };
    },
  });
  r.get('/dead-letters/:id', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: 'Read a dead letter',
      security: bearerSecurity,
      params,
      response: { 200: deadLetterSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const letter = await store.deadLetters.get(request.params.id);
      return letter ? toView(letter) : failWith(domainError('not_found', `no dead letter ${request.params.id}`, 'id'));
    },
  });
  r.post('/dead-letters/:id/replay', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: 'Replay a dead letter, or a corrected event in its place',
      description: 'Answers the verdict. Accepted (or duplicate), the letter becomes replayed; rejected again, it stays pending.',
      security: bearerSecurity,
      params,
      body: replayBody,
      response: { 200: verdictSchema, ...inputErrors, 404: errorBodySchema, 409: errorBodySchema, 503: errorBodySchema },
    },
    handler: async (request) => {
      const result = await replayDeadLetter(store, ingestor, request.params.id, request.body?.event);
      return result.ok ? result.value : failWith(result.error);
    },
  });
};
