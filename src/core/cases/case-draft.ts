import type { CaseSeverity, CaseType } from './case-vocabulary.ts';

/**
 * A case as a trigger proposes it, before routing: the shell adds the node's region and the value
 * at risk, then `routeCase` picks severity, queue and SLA. At most one live case exists per
 * `dedupeKey`; a repeat adds an occurrence and replaces `details` with the latest.
 */
export type CaseDraft = {
  readonly type: CaseType;
  readonly dedupeKey: string;
  readonly severity: CaseSeverity;
  readonly sku: string | null;
  readonly node: string | null;
  readonly orderId: string | null;
  /** JSON-serialisable facts of this occurrence. */
  readonly details: unknown;
  /** Units concerned; valued at the item's unit cost when the shell routes the case. */
  readonly unitsAtRisk: number | null;
};

/** Dedupe keys, one function per trigger, so the same condition always lands on the same case. */
export const caseKeys = {
  negativeAvailable: (sku: string, node: string) => `negative_available:${sku}:${node}`,
  stockMismatch: (sku: string, node: string) => `stock_mismatch:${sku}:${node}`,
  reservationAtRisk: (sku: string, node: string) => `reservation_at_risk:${sku}:${node}`,
  inboundDeadLetter: (source: string | null, type: string | null) => `failed_integration:inbound:${source ?? '-'}:${type ?? '-'}`,
  erpDocumentDead: (documentType: string) => `failed_integration:erp:${documentType}`,
  channelPushDead: (channel: string) => `channel_push_failed:${channel}`,
} as const;
