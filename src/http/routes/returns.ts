import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ReturnUseCases } from '../../app/return-use-cases.ts';
import { type DomainError, domainError } from '../../core/errors.ts';
import { limits } from '../../core/limits.ts';
import type { Result } from '../../core/result.ts';
import { RETURN_STATUSES, returnStatus } from '../../core/returns/return-authorisation.ts';
import { RETURN_ACTIONS } from '../../core/returns/return-history.ts';
import { dispositionLinesSchema, inspectionLinesSchema, returnRequestLinesSchema } from '../../core/returns/return-line-schemas.ts';
import {
  DISPOSITION_OUTCOMES,
  GRADES,
  type Inspection,
  PACKAGING_CONDITIONS,
  RETURN_STATES,
  SERIAL_CHECKS,
  WARRANTY_STATUSES,
} from '../../core/returns/return-unit.ts';
import type { ReturnView } from '../../ports/return-store.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { idSchema } from '../schemas/id-param.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';
import { sendDomainError } from '../send-domain-error.ts';

const time = (ms: number | null) => (ms === null ? null : rfc3339(ms));

const inspectionSchema = z.object({
  grade: z.enum(GRADES),
  packaging: z.enum(PACKAGING_CONDITIONS),
  serial: z.string().nullable(),
  serialCheck: z
    .enum(SERIAL_CHECKS)
    .nullable()
    .describe('sold_on_order, sold_elsewhere, or never_sold (a serial_mismatch case); null for a non-serialized item.'),
  warranty: z.enum(WARRANTY_STATUSES),
  soldAt: z.string().nullable().describe('The sale the warranty runs from.'),
  notes: z.string().nullable(),
  at: z.string(),
});

const returnSchema = z
  .object({
    id: z.string(),
    status: z.enum(RETURN_STATUSES).describe('Derived from the units: closed when every unit reached a terminal state.'),
    orderRef: z.string(),
    channel: z.string(),
    node: z.string().describe('The receiving node.'),
    reason: z.string(),
    createdAt: z.string(),
    receivedAt: z.string().nullable(),
    restockedAt: z.string().nullable().describe('Business time of the latest restock of one of its units.'),
    cycleTimeHours: z.number().nullable().describe('Return-to-stock cycle time: restockedAt − receivedAt, in hours.'),
    units: z.array(
      z.object({
        unitNo: z.number().int(),
        sku: z.string(),
        serial: z.string().nullable().describe('As declared on authorisation.'),
        state: z.enum(RETURN_STATES),
        outcome: z.enum(DISPOSITION_OUTCOMES).nullable(),
        inspection: inspectionSchema.nullable(),
        receivedAt: z.string().nullable(),
        restockedAt: z.string().nullable(),
      }),
    ),
    history: z.array(
      z.object({
        at: z.string(),
        action: z.enum(RETURN_ACTIONS),
        unitNo: z.number().int().nullable(),
        sku: z.string().nullable(),
        details: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: 'Return' });

const inspectionView = ({ soldAtMs, atMs, ...rest }: Inspection) => ({ ...rest, soldAt: time(soldAtMs), at: rfc3339(atMs) });

const toView = (r: ReturnView) => ({
  id: r.id,
  status: returnStatus(r),
  orderRef: r.orderRef,
  channel: r.channelId,
  node: r.node,
  reason: r.reason,
  createdAt: rfc3339(r.createdAtMs),
  receivedAt: time(r.receivedAtMs),
  restockedAt: time(r.restockedAtMs),
  cycleTimeHours: r.receivedAtMs === null || r.restockedAtMs === null ? null : (r.restockedAtMs - r.receivedAtMs) / 3_600_000,
  units: r.units.map((u) => ({
    unitNo: u.unitNo,
    sku: u.sku,
    serial: u.serial,
    state: u.state,
    outcome: u.outcome,
    inspection: u.inspection === null ? null : inspectionView(u.inspection),
    receivedAt: time(u.receivedAtMs),
    restockedAt: time(u.restockedAtMs),
  })),
  history: r.history.map((h) => ({ at: rfc3339(h.atMs), action: h.action, unitNo: h.unitNo, sku: h.sku, details: { ...h.details } })),
});

const openBody = z.strictObject({
  orderRef: z.string().min(1).max(limits.idLengthMax).describe('The channel’s order reference (or the POS transaction id) the units were sold on.'),
  channel: idSchema('channel'),
  node: idSchema('node').describe('The node that will receive the parcel.'),
  reason: z.string().min(1).max(limits.textLengthMax),
  lines: returnRequestLinesSchema,
});
const inspectBody = z.strictObject({ lines: inspectionLinesSchema });
const disposeBody = z.strictObject({
  lines: dispositionLinesSchema,
  claimReference: z.string().min(1).max(limits.idLengthMax).optional().describe('The vendor recovery claim, for vendor_return (sent on the ERP VendorReturn).'),
  reference: z.string().min(1).max(limits.idLengthMax).optional().describe('The purchase order the vendor return goes against (`<po>` or `<po>:<item>`).'),
});
const params = z.strictObject({ id: idSchema('id').describe('The return id.') });
const tags = ['returns'];
const writeErrors = { ...inputErrors, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema, 503: errorBodySchema };

export type ReturnRouteDeps = ReturnUseCases & { store: Store };

/**
 * `POST /v1/returns`, `GET /v1/returns/{id}`, `POST /v1/returns/{id}/receive|inspect|dispose`
 * (docs/returns.md). Every answer is the whole return with its history, read after the commit.
 */
export const returnRoutes: FastifyPluginAsync<ReturnRouteDeps> = async (app, deps) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const answer = async (result: Result<{ id: string }, DomainError>) => {
    if (!result.ok) return result;
    const view = await deps.store.returns.get(result.value.id);
    if (view === undefined) throw new Error(`return ${result.value.id} was committed but cannot be read`);
    return { ok: true as const, value: toView(view) };
  };
  r.post('/returns', {
    config: { scope: 'orders:write' },
    schema: {
      tags,
      summary: 'Authorise a return to a receiving node (no movement until receipt)',
      security: bearerSecurity,
      body: openBody,
      response: { 201: returnSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const done = await answer(await deps.open.open(request.body));
      return done.ok ? reply.code(201).send(done.value) : sendDomainError(reply, done.error);
    },
  });
  r.get('/returns/:id', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'One return with its units and whole history',
      security: bearerSecurity,
      params,
      response: { 200: returnSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const found = await deps.store.returns.get(request.params.id);
      if (found === undefined) failWith(domainError('unknown_return', `no return ${request.params.id}`, 'id'));
      return toView(found);
    },
  });
  r.post('/returns/:id/receive', {
    config: { scope: 'orders:write' },
    schema: {
      tags,
      summary: 'Receive the parcel: customer → quarantine (not sellable before inspection)',
      security: bearerSecurity,
      params,
      response: { 200: returnSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const done = await answer(await deps.receive.receive(request.params.id));
      return done.ok ? done.value : sendDomainError(reply, done.error);
    },
  });
  r.post('/returns/:id/inspect', {
    config: { scope: 'orders:write' },
    schema: {
      tags,
      summary: 'Inspect received units: serial check, warranty, grade and packaging; the policy’s rules dispose of each unit or hold it',
      security: bearerSecurity,
      params,
      body: inspectBody,
      response: { 200: returnSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const done = await answer(await deps.inspect.inspect(request.params.id, request.body.lines));
      return done.ok ? done.value : sendDomainError(reply, done.error);
    },
  });
  r.post('/returns/:id/dispose', {
    config: { scope: 'orders:write' },
    schema: {
      tags,
      summary: 'Operator disposition: restock, refurbish, damaged, vendor_return or dispose, as the state machine allows',
      security: bearerSecurity,
      params,
      body: disposeBody,
      response: { 200: returnSchema, ...writeErrors },
    },
    handler: async (request, reply) => {
      const { lines, ...references } = request.body;
      const done = await answer(await deps.dispose.dispose(request.params.id, lines, references));
      return done.ok ? done.value : sendDomainError(reply, done.error);
    },
  });
};
