import type { Selectable } from 'kysely';
import type { CaseHistoryAction, CaseSeverity, CaseStatus, CaseType } from '../../core/cases/case-vocabulary.ts';
import type { CaseActionRecord, CaseRecord } from '../../ports/case-store.ts';
import type { CaseTables } from './case-tables.ts';
import type { Tables } from './tables.ts';

/** The one mapper between `case` / `case_action` rows and the port's types. */
export type CaseRow = Selectable<Tables['case'] & CaseTables['case']>;

const maybeNumber = (v: number | null): number | null => (v === null ? null : Number(v));

export const toCase = (r: CaseRow): CaseRecord => ({
  id: Number(r.id),
  type: r.type as CaseType,
  dedupeKey: r.dedupe_key,
  status: r.status as CaseStatus,
  severity: r.severity as CaseSeverity,
  sku: r.sku,
  node: r.node,
  orderId: r.order_id,
  details: JSON.parse(r.details) as unknown,
  occurrences: Number(r.occurrences),
  queue: r.queue,
  region: r.region,
  valueAtRisk: maybeNumber(r.value_at_risk),
  slaDueAtMs: maybeNumber(r.sla_due_at),
  assignee: r.assignee,
  openedAtMs: Number(r.opened_at),
  updatedAtMs: Number(r.updated_at),
  acknowledgedAtMs: maybeNumber(r.acknowledged_at),
  closedAtMs: maybeNumber(r.closed_at),
  closedBy: r.closed_by,
  resolutionNote: r.resolution_note,
  autoReason: r.auto_reason,
});

export const toCaseAction = (r: Selectable<CaseTables['case_action']>): CaseActionRecord => ({
  id: Number(r.id),
  caseId: Number(r.case_id),
  action: r.action as CaseHistoryAction,
  actor: r.actor,
  note: r.note,
  atMs: Number(r.at),
});
