import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { domainError } from '../../core/errors.ts';
import type { Store } from '../../ports/store.ts';
import { CASE_SEVERITIES, CASE_STATUSES, CASE_TYPES, type CaseRecord } from '../../ports/workflow-store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { pageOf, pageQuery, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

const caseSchema = z
  .object({
    id: z.number().int(),
    type: z.enum(CASE_TYPES),
    status: z.enum(CASE_STATUSES),
    severity: z.enum(CASE_SEVERITIES),
    dedupeKey: z.string().describe('At most one open case per key; a repeat adds an occurrence.'),
    sku: z.string().nullable(),
    node: z.string().nullable(),
    orderId: z.string().nullable(),
    details: z.unknown().describe('Facts of the latest occurrence; for reservation_at_risk: quantities and what was re-sourced.'),
    occurrences: z.number().int(),
    openedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Case' });

const toView = ({ openedAtMs, updatedAtMs, ...c }: CaseRecord) => ({ ...c, openedAt: rfc3339(openedAtMs), updatedAt: rfc3339(updatedAtMs) });
const tags = ['cases'];

/** `GET /v1/cases?type=&status=` and `GET /v1/cases/{id}`: exceptions for people (the full case workflow comes with issue 4). */
export const caseRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/cases', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'Cases, oldest first',
      security: bearerSecurity,
      querystring: z.strictObject({ type: z.enum(CASE_TYPES).optional(), status: z.enum(CASE_STATUSES).optional(), ...pageQuery }),
      response: { 200: pageOf(caseSchema), ...inputErrors },
    },
    handler: async (request) => {
      const { type, status, ...page } = request.query;
      const filter = { ...(type === undefined ? {} : { type }), ...(status === undefined ? {} : { status }) };
      const result = await store.workflows.listCases(filter, toPageRequest(page));
      return { items: result.items.map(toView), nextCursor: result.nextCursor };
    },
  });
  r.get('/cases/:id', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'One case',
      security: bearerSecurity,
      params: z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('The case id.') }),
      response: { 200: caseSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const found = await store.workflows.getCase(request.params.id);
      if (found === undefined) failWith(domainError('not_found', `no case ${request.params.id}`, 'id'));
      return toView(found);
    },
  });
};
