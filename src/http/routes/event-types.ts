import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EVENT_DESCRIPTIONS,
  EVENT_SCHEMAS,
  EVENT_TYPES,
  WORKFLOW_EVENT_DESCRIPTIONS,
  WORKFLOW_EVENT_SCHEMAS,
  WORKFLOW_EVENT_TYPES,
} from '../../core/events/catalogue.ts';
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
  const entry = (type: string, description: string, versions: Record<string, unknown>) => ({
    type,
    description,
    versions: Object.entries(versions).map(([version, schema]) => ({
      version,
      dataSchema: z.toJSONSchema(schema as z.ZodType, { io: 'input' }) as Record<string, unknown>,
    })),
  });
  return [
    ...EVENT_TYPES.map((type) => entry(type, EVENT_DESCRIPTIONS[type], EVENT_SCHEMAS[type])),
    // Fulfilment and order events (issue 3), handled by the order workflow.
    ...WORKFLOW_EVENT_TYPES.map((type) => entry(type, WORKFLOW_EVENT_DESCRIPTIONS[type], WORKFLOW_EVENT_SCHEMAS[type])),
  ];
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
