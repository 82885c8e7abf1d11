import { CASE_STATUSES, CASE_TYPES, type CaseStatus, type CaseType } from '../../core/cases/case-vocabulary.ts';
import type { CaseRepository } from '../../ports/case-store.ts';

/** The `cases` section of `GET /v1/stats`: every type and status present (0 when none). */
export type CaseStatsSection = {
  readonly byType: Readonly<Record<CaseType, Readonly<Record<CaseStatus, number>>>>;
  readonly byStatus: Readonly<Record<CaseStatus, number>>;
  /** Live cases past their SLA due time now, and closed cases that closed after it. */
  readonly slaBreaches: { readonly openOverdue: number; readonly closedLate: number };
};

const zeros = (): Record<CaseStatus, number> => Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;

/** Case counts by type and status, and SLA breaches as of `nowMs`. */
export async function caseStats(cases: CaseRepository, nowMs: number): Promise<CaseStatsSection> {
  const stats = await cases.stats(nowMs);
  const byType = Object.fromEntries(CASE_TYPES.map((t) => [t, zeros()])) as Record<CaseType, Record<CaseStatus, number>>;
  const byStatus = zeros();
  for (const { type, status, count } of stats.byTypeAndStatus) {
    byType[type][status] += count;
    byStatus[status] += count;
  }
  return { byType, byStatus, slaBreaches: { openOverdue: stats.openOverdue, closedLate: stats.closedLate } };
}
