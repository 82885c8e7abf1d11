/**
 * The closed vocabularies of exception cases (issue 4, docs/cases.md). Every condition that needs
 * a person becomes a case of one of these types; the SQL schema guards the same lists with CHECK
 * constraints, so a new type or status needs a migration as well as an entry here.
 */
export const CASE_TYPES = [
  'stock_mismatch',
  'negative_available',
  'reservation_at_risk',
  'serial_mismatch',
  'failed_integration',
  'delayed_receipt',
  'channel_push_failed',
  'approval_required',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** `open` and `acknowledged` are live (one per dedupe key); `resolved` and `dismissed` are terminal. */
export const CASE_STATUSES = ['open', 'acknowledged', 'resolved', 'dismissed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const LIVE_CASE_STATUSES = ['open', 'acknowledged'] as const satisfies readonly CaseStatus[];

export const CASE_SEVERITIES = ['low', 'medium', 'high'] as const;
export type CaseSeverity = (typeof CASE_SEVERITIES)[number];

/** What an operator can do to a case (`POST /v1/cases/{id}/<action>`). */
export const CASE_OPERATOR_ACTIONS = ['acknowledge', 'resolve', 'dismiss', 'assign'] as const;
export type CaseOperatorAction = (typeof CASE_OPERATOR_ACTIONS)[number];

/** Every entry of a case's history: the operator actions, plus what the system did by itself. */
export const CASE_HISTORY_ACTIONS = ['opened', ...CASE_OPERATOR_ACTIONS, 'auto_resolve'] as const;
export type CaseHistoryAction = (typeof CASE_HISTORY_ACTIONS)[number];

/** True for `resolved` and `dismissed`: a terminal case is never touched again. */
export const isClosedCase = (status: CaseStatus): boolean => status === 'resolved' || status === 'dismissed';
