import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PolicyHolder } from '../../app/policy-holder.ts';
import { putPolicy } from '../../app/put-policy.ts';
import { domainError } from '../../core/errors.ts';
import { limits } from '../../core/limits.ts';
import { policySchema } from '../../core/policy/policy-schema.ts';
import type { Clock } from '../../ports/clock.ts';
import type { PolicyVersion, PolicyVersionSummary } from '../../ports/policy-store.ts';
import type { Store } from '../../ports/store.ts';
import { failWith } from '../http-error.ts';
import { errorBodySchema } from '../schemas/error-body.ts';
import { pageOf, pageQuerySchema, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

/** Media types of a YAML body; `application/yaml` is the registered one (RFC 9512), the others are common. */
const YAML_MEDIA_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'];

const diffSchema = z
  .object({
    changes: z.array(
      z.object({
        path: z.string().describe('Dotted path of the changed field (`channels.web.sharePercent`).'),
        kind: z.enum(['added', 'removed', 'changed']),
        before: z.unknown().optional(),
        after: z.unknown().optional(),
      }),
    ),
    truncated: z.boolean().describe(`True when more than ${limits.policyDiffPathsMax} paths changed and only the first are listed.`),
  })
  .meta({ id: 'PolicyDiff' });

const versionSummarySchema = z
  .object({
    version: z.number().int().describe('Stored version number: 1, 2, 3 … in the order versions were stored.'),
    createdAt: z.string().describe('RFC 3339.'),
    createdBy: z.string().describe('The API key name, or `startup` for the file loaded at startup.'),
    diff: diffSchema.describe('Changes against the previous stored version (the first version: against an empty document).'),
  })
  .meta({ id: 'PolicyVersionSummary' });

const versionSchema = versionSummarySchema
  .extend({
    document: z.string().describe('The document as submitted (YAML).'),
    policy: policySchema.describe('The validated document with every default filled in (docs/policy.md).'),
  })
  .meta({ id: 'PolicyVersion' });

/** A 400 for a policy lists every problem, each with its path; `field` is the first one's. */
const policyErrorSchema = errorBodySchema
  .extend({ details: z.array(z.object({ code: z.string(), message: z.string(), field: z.string().optional() })).optional() })
  .meta({ id: 'PolicyError' });

const putBody = z
  .union([
    z.string().describe('The YAML document (Content-Type: application/yaml or text/yaml).'),
    z.strictObject({ document: z.string().describe('The YAML document.') }),
  ])
  .describe('A policy document in YAML (docs/policy.md): the raw text, or JSON { "document": "<yaml>" }.');

const params = z.strictObject({ version: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('Stored version number.') });
const tags = ['policies'];

const toSummaryView = (v: PolicyVersionSummary) => ({
  version: v.version,
  createdAt: rfc3339(v.createdAtMs),
  createdBy: v.createdBy,
  diff: { changes: [...v.diff.changes], truncated: v.diff.truncated },
});
const toVersionView = (v: PolicyVersion) => ({ ...toSummaryView(v), document: v.document, policy: v.parsed });

export type PolicyRouteDeps = { store: Store; holder: PolicyHolder; clock: Clock };

/**
 * `GET /v1/policies[/current|/{version}]` and `PUT /v1/policies`: the versioned policy document
 * (docs/policy.md). A PUT takes effect in this process before it answers, and in other processes
 * at their next poll.
 */
export const policyRoutes: FastifyPluginAsync<PolicyRouteDeps> = async (app, { store, holder, clock }) => {
  // Encapsulated: only this plugin's routes accept YAML bodies, as text.
  app.addContentTypeParser(YAML_MEDIA_TYPES, { parseAs: 'string', bodyLimit: limits.policyDocumentBytesMax }, (_request, body, done) => done(null, body));
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.put('/policies', {
    config: { scope: 'admin' },
    bodyLimit: limits.policyDocumentBytesMax,
    schema: {
      tags,
      summary: 'Store a new policy version and put it in force',
      description:
        'The document `version` must be greater than the one in force. Answers the stored version with its diff against the previous one; ' +
        'the change is audited (`policy.updated`). A 400 lists every problem in `details`, each with its `field` path.',
      security: bearerSecurity,
      // text/plain is parsed as a string by Fastify itself, so `curl --data-binary @policy.yaml -H 'content-type: text/plain'` works too.
      consumes: [...YAML_MEDIA_TYPES, 'text/plain', 'application/json'],
      body: putBody,
      response: { 200: versionSummarySchema, 400: policyErrorSchema, 401: errorBodySchema, 403: errorBodySchema },
    },
    handler: async (request, reply) => {
      const text = typeof request.body === 'string' ? request.body : request.body.document;
      const key = request.apiKey;
      const result = await putPolicy(
        { policies: store.policies, holder, clock },
        { text, actor: key?.name ?? 'unknown', ...(key ? { actorKeyId: key.id } : {}) },
      );
      if (result.ok) return toSummaryView(result.value);
      const [first] = result.error;
      return reply.code(400).send({ ...(first ?? domainError('invalid_policy', 'invalid policy')), details: [...result.error] });
    },
  });
  r.get('/policies', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'List stored policy versions, oldest first (without documents)',
      security: bearerSecurity,
      querystring: pageQuerySchema,
      response: { 200: pageOf(versionSummarySchema), ...inputErrors },
    },
    handler: async (request) => {
      const page = await store.policies.list(toPageRequest(request.query));
      return { items: page.items.map(toSummaryView), nextCursor: page.nextCursor };
    },
  });
  r.get('/policies/current', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'The policy in force: the YAML document and its validated form',
      security: bearerSecurity,
      response: { 200: versionSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async () => {
      const latest = await store.policies.latest();
      return latest
        ? toVersionView(latest)
        : failWith(domainError('not_found', 'no policy has been stored yet; every channel exposes the full ATS of its nodes'));
    },
  });
  r.get('/policies/:version', {
    config: { scope: 'inventory:read' },
    schema: {
      tags,
      summary: 'Read one stored policy version',
      security: bearerSecurity,
      params,
      response: { 200: versionSchema, ...inputErrors, 404: errorBodySchema },
    },
    handler: async (request) => {
      const version = await store.policies.get(request.params.version);
      return version ? toVersionView(version) : failWith(domainError('not_found', `no policy version ${request.params.version}`, 'version'));
    },
  });
};
