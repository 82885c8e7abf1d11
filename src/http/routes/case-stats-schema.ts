import { z } from 'zod';
import { CASE_STATUSES, CASE_TYPES } from '../../core/cases/case-vocabulary.ts';

const byStatus = z.object(Object.fromEntries(CASE_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof CASE_STATUSES)[number], z.ZodNumber>);

/** The `cases` section of `GET /v1/stats` (docs/cases.md). */
export const caseStatsSchema = z
  .object({
    byType: z.object(Object.fromEntries(CASE_TYPES.map((t) => [t, byStatus])) as Record<(typeof CASE_TYPES)[number], typeof byStatus>),
    byStatus,
    slaBreaches: z.object({
      openOverdue: z.number().int().describe('Open or acknowledged cases past their SLA due time now.'),
      closedLate: z.number().int().describe('Resolved or dismissed cases closed after their SLA due time.'),
    }),
  })
  .meta({ id: 'CaseStats' });
