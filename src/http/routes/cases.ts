import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actOnCase } from '../../app/cases/act-on-case.ts';
import { CASE_HISTORY_ACTIONS, CASE_OPERATOR_ACTIONS, CASE_SEVERITIES, CASE_STATUSES, CASE_TYPES } from '../../core/cases/case-vocabulary.ts';
import { domainError } from '../../core/errors.ts';
import { limits } from '../../core/limits.ts';
import type { CaseActionRecord, CaseRecord } from '../../ports/case-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { pageOf, pageQuery, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

const time = z.string().describe('RFC 3339');
const maybeTime = time.nullable();

const caseSchema = z
  .object({
    id: z.number().int(),
    type: z.enum(CASE_TYPES),
    status: z.enum(CASE_STATUSES),
    severity: z.enum(CASE_SEVERITIES),
    dedupeKey: z.string().describe('At most one live (open or acknowledged) case per key; a repeat adds an occurrence.'),
    sku: z.string().nullable(),
    node: z.string().nullable(),
    orderId: z.string().nullable(),
    details: z.unknown().describe('Facts of the latest occurrence (docs/cases.md lists them per type).'),
    occurrences: z.number().int(),
    queue: z.string().describe('Chosen at opening by the policy’s routing rules.'),
    region: z.string().nullable().describe('Region of the node at opening.'),
    valueAtRisk: z.number().nullable().describe('Units at risk × the item’s unit cost; null when unknown.'),
    slaDueAt: maybeTime.describe('When the case should be closed by, from the policy’s SLA for its type and severity.'),
    overdue: z.boolean().describe('Live and past its SLA due time now.'),
    assignee: z.string().nullable(),
    openedAt: time,
    updatedAt: time,
    acknowledgedAt: maybeTime,
    closedAt: maybeTime,
    closedBy: z.string().nullable().describe('The API key name that resolved or dismissed it; `system` for an automatic resolution.'),
    resolutionNote: z.string().nullable(),
    autoReason: z.string().nullable().describe('Why the case resolved itself (for example a receipt restored available).'),
  })
  .meta({ id: 'Case' });

const historySchema = z.object({ action: z.enum(CASE_HISTORY_ACTIONS), actor: z.string(), note: z.string().nullable(), at: time }).meta({ id: 'CaseAction' });
const caseWithHistorySchema = caseSchema
  .extend({ history: z.array(historySchema).describe(`Oldest first; at most the newest ${limits.caseHistoryShownMax}.`) })
  .meta({ id: 'CaseWithHistory' });

const ms = (v: number | null) => (v === null ? null : rfc3339(v));

function toView(c: CaseRecord, nowMs: number) {
  const { openedAtMs, updatedAtMs, acknowledgedAtMs, closedAtMs, slaDueAtMs, ...rest } = c;
  const live = c.status === 'open' || c.status === 'acknowledged';
  return {
    ...rest,
    slaDueAt: ms(slaDueAtMs),
    overdue: live && slaDueAtMs !== null && slaDueAtMs < nowMs,
    openedAt: rfc3339(openedAtMs),
    updatedAt: rfc3339(updatedAtMs),
    acknowledgedAt: ms(acknowledgedAtMs),
    closedAt: ms(closedAtMs),
  };
}

const toHistoryView = (a: CaseActionRecord) => ({ action: a.action, actor: a.actor, note: a.note, at: rfc3339(a.atMs) });

const idParams = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('The case id.') });
const actionBody = z
  .strictObject({
    note: z.string().min(1).max(limits.textLengthMax).optional().describe('Why; kept in the case history and the audit log.'),
    assignee: z.string().min(1).max(limits.idLengthMax).optional().describe('Who owns the case; required by assign.'),
  })
  // No body at all is allowed (`POST /v1/cases/7/acknowledge`); Fastify hands it over as null.
  .nullish();
const listQuery = z.strictObject({
  type: z.enum(CASE_TYPES).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  queue: idSchema('queue').optional(),
  sku: idSchema('sku').optional(),
  node: idSchema('node').optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true: only live cases past their SLA due time.'),
  ...pageQuery,
});
const tags = ['cases'];

/**
 * Exception cases (issue 4, docs/cases.md): `GET /v1/cases` with filters, `GET /v1/cases/{id}` with
 * its history, and `POST /v1/cases/{id}/acknowledge|resolve|dismiss|assign`. The actor of an action
 * is the API key's name; every action is in the audit log (`GET /v1/audit?subject=case:{id}`).
 */
export const caseRoutes: FastifyPluginAsync<{ store: Store; clock: Clock }> = async (app, { store, clock }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/cases', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'Cases, oldest first, filtered',
      security: bearerSecurity,
      querystring: listQuery,
      response: { 200: pageOf(caseSchema), ...inputErrors },
    },
    handler: async (request) => {
      const { type, status, queue, sku, node, overdue, ...page } = request.query;
      const nowMs = clock.now();
      const filter = { type, status, queue, sku, node, overdueAtMs: overdue === 'true' ? nowMs : undefined };
      const defined = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
      const result = await store.cases.list(defined, toPageRequest(page));
      return { items: result.items.map((c) => toView(c, nowMs)), nextCursor: result.nextCursor };
    },
  });
  r.get('/cases/:id', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'One case with its history of actions',
      security: bearerSecurity,
      params: idParams,
      response: { 200: caseWithHistorySchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const found = await store.cases.get(request.params.id, limits.caseHistoryShownMax);
      if (found === undefined) failWith(domainError('unknown_case', `no case ${request.params.id}`, 'id'));
      return { ...toView(found, clock.now()), history: found.history.map(toHistoryView) };
    },
  });
  for (const action of CASE_OPERATOR_ACTIONS) {
    r.post(`/cases/:id/${action}`, {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: `${action[0]?.toUpperCase()}${action.slice(1)} a case`,
        description:
          action === 'assign'
            ? 'Sets the assignee (required); the status does not change.'
            : 'Moves the case along open → acknowledged → resolved | dismissed.',
        security: bearerSecurity,
        params: idParams,
        body: actionBody,
        response: { 200: caseSchema, ...inputErrors, 404: errorBodySchema, 409: errorBodySchema },
      },
      handler: async (request) => {
        const body = request.body ?? {};
        const actor = request.apiKey?.name ?? 'unknown';
        const result = await actOnCase(store.cases, clock, {
          caseId: request.params.id,
          action,
          actor,
          note: body.note ?? null,
          assignee: body.assignee ?? null,
        });
        if (!result.ok) failWith(result.error);
        return toView(result.value, clock.now());
      },
    });
  }
};
