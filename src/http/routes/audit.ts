import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { limits } from '../../core/limits.ts';
import { AUDIT_ACTIONS, type AuditEntry } from '../../ports/audit-log.ts';
import type { Store } from '../../ports/store.ts';
import { pageOf, pageQuery, toPageRequest } from '../schemas/page.ts';
import { bearerSecurity, inputErrors } from '../schemas/responses.ts';
import { rfc3339 } from '../schemas/rfc3339.ts';

const auditEntrySchema = z
  .object({
    seq: z.number().int().describe('Position in the log; entries are listed in this order.'),
    at: z.string().describe('RFC 3339.'),
    actor: z.string().describe('The API key name, or `startup` / `cli`.'),
    action: z.enum(AUDIT_ACTIONS),
    subject: z.string().describe('What the action concerned: `policy`, `case:<id>`, …'),
    details: z.unknown().describe('Action-specific facts (for policy.updated: versions and changed paths).'),
  })
  .meta({ id: 'AuditEntry' });

const listQuery = z.strictObject({
  action: z.enum(AUDIT_ACTIONS).optional(),
  subject: z.string().min(1).max(limits.textLengthMax).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('Only entries at or after this time (RFC 3339).'),
  ...pageQuery,
});

const toView = (e: AuditEntry) => ({ seq: e.seq, at: rfc3339(e.atMs), actor: e.actor, action: e.action, subject: e.subject, details: e.details });

/** `GET /v1/audit`: the append-only audit log (policy changes, case actions, manual adjustments). */
export const auditRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.withTypeProvider<ZodTypeProvider>().get('/audit', {
    config: { scope: 'admin' },
    schema: {
      tags: ['audit'],
      summary: 'List audit entries, oldest first',
      security: bearerSecurity,
      querystring: listQuery,
      response: { 200: pageOf(auditEntrySchema), ...inputErrors },
    },
    handler: async (request) => {
      const { action, subject, since, ...page } = request.query;
      const filter = {
        ...(action === undefined ? {} : { action }),
        ...(subject === undefined ? {} : { subject }),
        ...(since === undefined ? {} : { sinceMs: Date.parse(since) }),
      };
      const result = await store.audit.list(filter, toPageRequest(page));
      return { items: result.items.map(toView), nextCursor: result.nextCursor };
    },
  });
};
