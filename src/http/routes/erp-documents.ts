import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERP_DOCUMENT_TYPES } from '../../core/erp-documents/erp-document.ts';
import { domainError } from '../../core/errors.ts';
import type { Clock } from '../../ports/clock.ts';
import { ERP_DOCUMENT_STATUSES, type ErpDocumentRecord } from '../../ports/erp-documents.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { pageOf, pageQuery, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

const lineSchema = z.object({ sku: z.string(), node: z.string(), qty: z.number().int(), unitCost: z.number(), value: z.number().describe('qty × unitCost') });

const erpDocumentSchema = z
  .object({
    id: z.number().int(),
    idempotencyKey: z.string().describe('Stable per business fact: the same on every delivery attempt, and for a replayed event.'),
    type: z.enum(ERP_DOCUMENT_TYPES),
    occurredAt: z.string().describe('Business time of the fact: the posting date.'),
    cause: z.object({ source: z.string(), id: z.string(), type: z.string() }).describe('The event or command that caused it.'),
    details: z.record(z.string(), z.unknown()).describe('Per type: PO and PO item, adjustment reason and effect, transfer lanes, return outcome, stock type.'),
    lines: z.array(lineSchema),
    createdAt: z.string(),
    status: z.enum(ERP_DOCUMENT_STATUSES),
    attempts: z.number().int().describe('Failed deliveries recorded so far.'),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    leaseUntil: z.string().nullable().describe('Set while a dispatcher holds the document.'),
    deliveredAt: z.string().nullable(),
    erpReference: z.string().nullable().describe('What the ERP answered, e.g. SAP <year>/<material document>.'),
  })
  .meta({ id: 'ErpDocument' });

const params = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('The ERP document id.') });
const listQuery = z.strictObject({ status: z.enum(ERP_DOCUMENT_STATUSES).optional(), type: z.enum(ERP_DOCUMENT_TYPES).optional(), ...pageQuery });
const tags = ['erp'];

function toView(r: ErpDocumentRecord) {
  const d = r.document;
  return {
    id: r.id,
    idempotencyKey: r.idempotencyKey,
    type: r.type,
    occurredAt: rfc3339(d.occurredAtMs),
    cause: d.cause,
    details: d.details as Record<string, unknown>,
    lines: [...d.lines],
    createdAt: rfc3339(r.createdAtMs),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: rfc3339(r.nextAttemptAtMs),
    lastError: r.lastError,
    leaseUntil: r.leaseUntilMs === 0 ? null : rfc3339(r.leaseUntilMs),
    deliveredAt: r.deliveredAtMs === null ? null : rfc3339(r.deliveredAtMs),
    erpReference: r.erpReference,
  };
}

/**
 * `GET /v1/erp/documents[/{id}]` and `POST /v1/erp/documents/{id}/retry` (docs/erp-documents.md):
 * documents waiting, delivered and dead. Reading needs `inventory:read`; reviving a dead letter is
 * `admin`. A retry of a document that is not dead answers 409 `outbox_not_dead` (ERP documents are
 * rows of the transactional outbox, so they share its code).
 */
export const erpDocumentRoutes: FastifyPluginAsync<{ store: Store; clock: Clock }> = async (app, { store, clock }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/erp/documents', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'List ERP documents, oldest first',
      description: 'Filter by status (dead letters: status=dead) and type.',
      security: bearerSecurity,
      querystring: listQuery,
      response: { 200: pageOf(erpDocumentSchema), ...inputErrors },
    },
    handler: async (request) => {
      const { status, type, ...page } = request.query;
      const result = await store.erpDocuments.list({ ...(status && { status }), ...(type && { type }) }, toPageRequest(page));
      return { items: result.items.map(toView), nextCursor: result.nextCursor };
    },
  });
  r.get('/erp/documents/:id', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'Read an ERP document',
      security: bearerSecurity,
      params,
      response: { 200: erpDocumentSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const doc = await store.erpDocuments.get(request.params.id);
      return doc ? toView(doc) : failWith(domainError('not_found', `no ERP document ${request.params.id}`, 'id'));
    },
  });
  r.post('/erp/documents/:id/retry', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: 'Retry a dead ERP document',
      description: 'The document becomes pending again (attempts reset, due now), with the same idempotency key. 409 when it is not dead.',
      security: bearerSecurity,
      params,
      response: { 200: erpDocumentSchema, ...inputErrors, 404: errorBodySchema, 409: errorBodySchema },
    },
    handler: async (request) => {
      const { id } = request.params;
      const outcome = await store.erpDocuments.retry(id, clock.now());
      const doc = await store.erpDocuments.get(id);
      if (outcome === 'not_found' || doc === undefined) return failWith(domainError('not_found', `no ERP document ${id}`, 'id'));
      if (outcome === 'not_dead')
        return failWith(domainError('outbox_not_dead', `ERP document ${id} is ${doc.status}; only dead documents can be retried`, 'id'));
      return toView(doc);
    },
  });
};
