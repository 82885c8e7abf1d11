import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_DESCRIPTIONS, EVENT_SCHEMAS, EVENT_TYPES } from '../../core/events/catalogue.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';

const eventTypeSchema = z
  .object({
    type: z.string(),
    description: z.string(),
    versions: z.array(
      z.object({
        version: z.string().describe('Name it at the end of the CloudEvents dataschema (…/<type>/v1); v1 when absent.'),
        dataSchema: z.record(z.string(), z.unknown()).describe('JSON Schema (draft 2020-12) of the event data.'),
      }),
    ),
  })
  .meta({ id: 'EventType' });

/** The catalogue as served: computed once, since it only changes with the code. */
function catalogue() {
  return EVENT_TYPES.map((type) => ({
    type,
    description: EVENT_DESCRIPTIONS[type],
    versions: Object.entries(EVENT_SCHEMAS[type]).map(([version, schema]) => ({
      version,
      dataSchema: z.toJSONSchema(schema as z.ZodType, { io: 'input' }) as Record<string, unknown>,
    })),
  }));
}

/** `GET /v1/event-types`: every event type with a JSON Schema per version. The catalogue fits one page. */
export const eventTypeRoutes: FastifyPluginAsync = async (app) => {
  const page = { items: catalogue(), nextCursor: null };
  app.withTypeProvider<ZodTypeProvider>().get('/event-types', {
    config: { scope: 'inventory:read' },
    schema: {
      tags: ['events'],
      summary: 'The event catalogue: a JSON Schema per type and version',
      security: bearerSecurity,
      response: { 200: z.object({ items: z.array(eventTypeSchema), nextCursor: z.null() }), ...inputErrors },
    },
    handler: async () => page,
  });
};
