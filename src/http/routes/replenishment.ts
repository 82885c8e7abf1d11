import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ReviewProposal } from '../../app/review-proposal.ts';
import type { RunReplenishment } from '../../app/run-replenishment.ts';
import { domainError } from '../../core/errors.ts';
import { ID_PATTERN } from '../../core/ids.ts';
import { limits } from '../../core/limits.ts';
import { INBOUND_KINDS } from '../../core/replenishment/open-inbound.ts';
import { PROPOSAL_STATES } from '../../core/replenishment/proposal.ts';
import type { ProposalRecord } from '../../ports/replenishment-store.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { pageOf, pageQuery, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

const id = (what: string) => z.string().min(1).max(limits.idLengthMax).regex(ID_PATTERN, `${what} may contain letters, digits and . _ : - only`);

const proposalSchema = z
  .object({
    id: z.string().describe('RP-<yyyymmdd>-<hash>: one per (sku, node, kind) and day; the reference the ERP echoes.'),
    sku: z.string(),
    node: z.string().describe('The node replenished (destination).'),
    kind: z.enum(INBOUND_KINDS),
    fromNode: z.string().nullable().describe('Origin DC of a transfer.'),
    supplier: z.string().nullable().describe('Supplier of a purchase order (null when the policy names none).'),
    qty: z.number().int(),
    unitCost: z.number(),
    value: z.number().describe('qty × unitCost'),
    status: z.enum(PROPOSAL_STATES),
    approvalRequired: z.boolean().describe('Value above the policy threshold: a person approves it.'),
    expectedAt: z.string().describe('Decision time + the lane lead time: the requested delivery time.'),
    createdAt: z.string(),
    decidedBy: z.string().nullable().describe('Who approved or rejected it (`system` for automatic approvals).'),
    decidedAt: z.string().nullable(),
    erpReference: z.string().nullable().describe('Set when the ERP confirmed the order.'),
    closedAt: z.string().nullable(),
    note: z.string().nullable(),
    trace: z.record(z.string(), z.unknown()).describe('What the decision saw: basis (position, reorder point, order-up-to), levels, forecast.'),
  })
  .meta({ id: 'ReplenishmentProposal' });

const summarySchema = z
  .object({
    ranAt: z.string(),
    durationMs: z.number(),
    positions: z.number().int().describe('(sku, node) positions decided.'),
    skippedUnknownItems: z.number().int(),
    proposals: z.object({
      created: z.number().int(),
      transfers: z.number().int(),
      purchaseOrders: z.number().int(),
      approvedAutomatically: z.number().int(),
      awaitingApproval: z.number().int(),
      alreadyProposed: z.number().int().describe('Already proposed earlier the same day: not created again.'),
      value: z.number(),
    }),
    delayedReceiptCases: z.number().int(),
    heldByLateInbound: z.number().int().describe('Positions only late inbound kept above the reorder point (no second order placed).'),
  })
  .meta({ id: 'ReplenishmentRunSummary' });

const params = z.strictObject({ id: id('id').describe('The proposal id.') });
const listQuery = z.strictObject({
  status: z.enum(PROPOSAL_STATES).optional(),
  sku: id('sku').optional(),
  node: id('node').optional(),
  kind: z.enum(INBOUND_KINDS).optional(),
  ...pageQuery,
});
const runBody = z.strictObject({ sku: id('sku').optional(), node: id('node').optional() }).default({});
const reviewBody = z.strictObject({ note: z.string().max(limits.textLengthMax).optional() }).default({});
const tags = ['replenishment'];
const iso = (ms: number | null) => (ms === null ? null : rfc3339(ms));

function toView(p: ProposalRecord) {
  return {
    id: p.id,
    sku: p.sku,
    node: p.node,
    kind: p.kind,
    fromNode: p.fromNode,
    supplier: p.supplier,
    qty: p.qty,
    unitCost: p.unitCost,
    value: p.value,
    status: p.status,
    approvalRequired: p.approvalRequired,
    expectedAt: rfc3339(p.expectedAtMs),
    createdAt: rfc3339(p.decidedAtMs),
    decidedBy: p.decidedBy,
    decidedAt: iso(p.reviewedAtMs),
    erpReference: p.orderReference,
    closedAt: iso(p.closedAtMs),
    note: p.note,
    trace: p.trace as unknown as Record<string, unknown>,
  };
}

/** The replenishment use cases the routes call (built by the composition root around its ledger writer). */
export type ReplenishmentUseCases = { readonly run: RunReplenishment; readonly review: ReviewProposal };

export type ReplenishmentRouteDeps = ReplenishmentUseCases & { readonly store: Store };

/**
 * Replenishment (issue 5, docs/replenishment.md): `POST /v1/replenishment/run` (admin) runs now and
 * answers the summary; `GET /v1/replenishment/proposals[/{id}]` (inventory:read) lists and reads
 * proposals; `POST /v1/replenishment/proposals/{id}/approve|reject` (admin) decides one, audited
 * with the key's name. A proposal not waiting for approval answers 409.
 */
export const replenishmentRoutes: FastifyPluginAsync<ReplenishmentRouteDeps> = async (app, { store, run, review }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/replenishment/run', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: 'Run replenishment now',
      description: 'Every (sku, node) position, or those of `sku` / `node`.',
      security: bearerSecurity,
      body: runBody,
      response: { 200: summarySchema, ...inputErrors },
    },
    handler: async (request) => {
      const { ranAtMs, ...summary } = await run.run({
        ...(request.body.sku && { sku: request.body.sku }),
        ...(request.body.node && { node: request.body.node }),
      });
      return { ranAt: rfc3339(ranAtMs), ...summary };
    },
  });
  r.get('/replenishment/proposals', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'List replenishment proposals, oldest first',
      security: bearerSecurity,
      querystring: listQuery,
      response: { 200: pageOf(proposalSchema), ...inputErrors },
    },
    handler: async (request) => {
      const { status, sku, node, kind, ...page } = request.query;
      const result = await store.replenishment.listProposals(
        { ...(status && { status }), ...(sku && { sku }), ...(node && { node }), ...(kind && { kind }) },
        toPageRequest(page),
      );
      return { items: result.items.map(toView), nextCursor: result.nextCursor };
    },
  });
  r.get('/replenishment/proposals/:id', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'Read a replenishment proposal',
      security: bearerSecurity,
      params,
      response: { 200: proposalSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const p = await store.replenishment.proposal(request.params.id);
      return p ? toView(p) : failWith(domainError('unknown_proposal', `no replenishment proposal ${request.params.id}`, 'id'));
    },
  });
  for (const decision of ['approve', 'reject'] as const) {
    r.post(`/replenishment/proposals/:id/${decision}`, {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: decision === 'approve' ? 'Approve a proposal: its ERP request is sent' : 'Reject a proposal',
        description: 'Only a `proposed` proposal can be decided (409 otherwise). Audited with the API key name and the time.',
        security: bearerSecurity,
        params,
        body: reviewBody,
        response: { 200: proposalSchema, ...inputErrors, 404: errorBodySchema, 409: errorBodySchema },
      },
      handler: async (request) => {
        const actor = request.apiKey?.name ?? 'unknown';
        const outcome = await review.review({ id: request.params.id, decision, actor, note: request.body.note ?? null });
        return outcome.ok ? toView(outcome.value) : failWith(outcome.error);
      },
    });
  }
};
