import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ReconcileSnapshot } from '../../app/reconcile-snapshot.ts';
import { domainError } from '../../core/errors.ts';
import { ID_PATTERN } from '../../core/ids.ts';
import { limits } from '../../core/limits.ts';
import { LIKELY_CAUSES } from '../../core/reconciliation/likely-cause.ts';
import type { SnapshotLineError } from '../../core/reconciliation/snapshot-line.ts';
import type { ReconciliationRecord, StoredVariance } from '../../ports/reconciliation-store.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { pageOf, pageQuery, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

const tags = ['reconciliation'];
const source = z
  .string()
  .trim()
  .min(1)
  .max(limits.idLengthMax)
  .regex(ID_PATTERN)
  .describe('The system the snapshot comes from: erp, wms, oms, or a channel id.');

/**
 * A snapshot line. Its fields are checked line by line by the use case, not by this schema, so one
 * bad line is reported with its line number (index + 1) while the good lines are still reconciled.
 */
const snapshotLineSchema = z.looseObject({
  sku: z.unknown().describe('string'),
  node: z.unknown().optional().describe('string; or `channel` instead'),
  channel: z.unknown().optional().describe('string: compare with the channel’s availability instead of a node'),
  qty: z.unknown().describe('integer ≥ 0'),
  bucket: z.unknown().optional().describe('on_hand (default) or one bucket: available, reserved, allocated, quarantine, refurbish, damaged, inbound'),
});

const snapshotBody = z.strictObject({
  source,
  asOf: z.iso.datetime({ offset: true }).describe('Business time the snapshot describes (RFC 3339); compared with the ledger as of then.'),
  lines: z.array(snapshotLineSchema).max(limits.snapshotLinesMax),
  strict: z.boolean().default(false).describe('Reject the whole snapshot when any line is bad (nothing is stored).'),
});

const summarySchema = z
  .object({
    lines: z.number().int(),
    matched: z.number().int(),
    differing: z.number().int(),
    material: z.number().int(),
    rejected: z.number().int(),
    unitsAtRisk: z.number().int(),
    valueAtRisk: z.number(),
    netUnits: z.number().int(),
    netValue: z.number(),
    differingShare: z.number(),
  })
  .meta({ id: 'ReconciliationSummary' });

const rejectedLineSchema = z.object({ line: z.number().int(), error: z.string(), code: z.string(), field: z.string().nullable() });
const likelyCauseSchema = z.object({ cause: z.enum(LIKELY_CAUSES), explainedUnits: z.number().int(), references: z.array(z.string()) });

const varianceSchema = z
  .object({
    line: z.number().int(),
    sku: z.string(),
    node: z.string().nullable().describe('Null for a channel line.'),
    channel: z.string().nullable(),
    bucket: z.string().nullable().describe('on_hand or a bucket; null for a channel line.'),
    expected: z.number().int().describe('The ledger as of asOf.'),
    reported: z.number().int(),
    variance: z.number().int().describe('reported − expected'),
    value: z.number().describe('variance × unit cost'),
    material: z.boolean().describe('Over the policy’s materiality thresholds: part of a stock_mismatch case.'),
    likelyCause: likelyCauseSchema.optional(),
  })
  .meta({ id: 'Variance' });

const headerSchema = { id: z.number().int(), source: z.string(), asOf: z.string(), summary: summarySchema };
const recordSchema = z.object({ ...headerSchema, createdAt: z.string(), createdBy: z.string() }).meta({ id: 'Reconciliation' });
const detailSchema = z
  .object({
    ...headerSchema,
    variances: z.array(varianceSchema).describe('Only the lines that differ, in line order; one page (see nextCursor).'),
    rejectedLines: z.array(rejectedLineSchema),
    nextCursor: z.string().nullable().describe('More variances: GET again with cursor=<this>.'),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'ReconciliationDetail' });
const createdSchema = z.object({
  ...headerSchema,
  rejectedLines: z.array(rejectedLineSchema),
  cases: z.object({ opened: z.number().int(), repeated: z.number().int() }),
});

const toRejected = (e: SnapshotLineError) => ({ line: e.line, error: e.message, code: e.code, field: e.field ?? null });
const toHeader = (r: ReconciliationRecord) => ({ id: r.id, source: r.source, asOf: rfc3339(r.asOfMs), summary: r.summary });
const toVariance = ({ likelyCause, ...v }: StoredVariance) => ({
  ...v,
  ...(likelyCause === null ? {} : { likelyCause: { ...likelyCause, references: [...likelyCause.references] } }),
});

/**
 * `POST /v1/snapshots`, `GET /v1/reconciliations[/{id}]` (docs/reconciliation.md). Posting needs
 * `events:write` (a key bound to a source may only post that source's snapshots); reading needs
 * `inventory:read`. Without the use case (`reconcile`), only the reads are served.
 */
export const reconciliationRoutes: FastifyPluginAsync<{ store: Store; reconcile?: ReconcileSnapshot }> = async (app, { store, reconcile }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  if (reconcile) {
    r.post('/snapshots', {
      config: { scope: 'events:write' },
      bodyLimit: limits.requestBodyBytesMax,
      schema: {
        tags,
        summary: 'Reconcile a snapshot of positions from another system',
        description:
          'Each line is compared with the ledger as of `asOf` (business time). Bad lines are reported with their line number (index + 1); the good ones are reconciled unless `strict`.',
        security: bearerSecurity,
        body: snapshotBody,
        response: { 201: createdSchema, ...inputErrors },
      },
      handler: async (request, reply) => {
        const body = request.body;
        const key = request.apiKey;
        if (key?.source && !key.scopes.includes('admin') && key.source !== body.source) {
          failWith(domainError('source_not_allowed', `this API key may only post snapshots of ${key.source}`, 'source'));
        }
        const result = await reconcile.run({
          source: body.source,
          asOfMs: Date.parse(body.asOf),
          rows: body.lines.map((value, i) => ({ line: i + 1, value })),
          strict: body.strict,
          createdBy: key?.name ?? 'api',
        });
        if (!result.ok) {
          if (result.error.kind === 'invalid') failWith(result.error.error);
          const listed = result.error.rejected
            .slice(0, 10)
            .map((e) => e.message)
            .join('; ');
          const first = result.error.rejected[0];
          failWith(
            domainError(
              'invalid_request',
              `strict: ${result.error.rejectedCount} line(s) rejected, nothing reconciled: ${listed}`,
              first ? `lines.${first.line - 1}${first.field ? `.${first.field}` : ''}` : 'lines',
            ),
          );
        }
        const o = result.value;
        const stored = await store.reconciliation.get(o.id);
        if (!stored) throw new Error(`reconciliation ${o.id} was stored but cannot be read`);
        return reply.code(201).send({ ...toHeader(stored), rejectedLines: o.rejected.map(toRejected), cases: o.cases });
      },
    });
  }
  r.get('/reconciliations', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'Reconciliation history, newest first',
      security: bearerSecurity,
      querystring: z.strictObject({ source: source.optional(), ...pageQuery }),
      response: { 200: pageOf(recordSchema), ...inputErrors },
    },
    handler: async (request) => {
      const { source: s, ...page } = request.query;
      const result = await store.reconciliation.list(s ? { source: s } : {}, toPageRequest(page));
      return { items: result.items.map((x) => ({ ...toHeader(x), createdAt: rfc3339(x.createdAtMs), createdBy: x.createdBy })), nextCursor: result.nextCursor };
    },
  });
  r.get('/reconciliations/:id', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'A reconciliation with its variances (differing lines only, paged) and rejected lines',
      security: bearerSecurity,
      params: z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
      querystring: z.strictObject(pageQuery),
      response: { 200: detailSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const rec = await store.reconciliation.get(request.params.id);
      if (!rec) failWith(domainError('not_found', `no reconciliation ${request.params.id}`, 'id'));
      const [variances, rejected] = await Promise.all([
        store.reconciliation.variances(rec.id, toPageRequest(request.query)),
        store.reconciliation.rejectedLines(rec.id),
      ]);
      return {
        ...toHeader(rec),
        variances: variances.items.map(toVariance),
        rejectedLines: rejected.map((x) => ({ line: x.line, error: x.error, code: x.code, field: x.field })),
        nextCursor: variances.nextCursor,
        createdAt: rfc3339(rec.createdAtMs),
        createdBy: rec.createdBy,
      };
    },
  });
};
