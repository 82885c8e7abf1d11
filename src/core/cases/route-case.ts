import { assert } from '../assert.ts';
import type { CasePolicy, CaseRoute } from './case-policy.ts';
import type { CaseSeverity, CaseType } from './case-vocabulary.ts';

/** What routing reads of a case about to be opened. */
export type RoutingFacts = {
  readonly type: CaseType;
  /** The trigger's own judgement; the policy may replace it (`severity.byType`). */
  readonly severity: CaseSeverity;
  /** Region of the case's node; null for a case without a node (an integration failure). */
  readonly region: string | null;
  /** Units × unit cost, in the item master's currency; null when unknown. */
  readonly valueAtRisk: number | null;
};

export type CaseRouting = { readonly severity: CaseSeverity; readonly queue: string; readonly slaDueAtMs: number };

const HOUR_MS = 3_600_000;

/**
 * The severity rules: the policy's per-type severity replaces the trigger's, and a value at risk
 * at or above `highValueAtRiskAtLeast` makes any case `high` (money outranks type).
 */
export function caseSeverity(policy: CasePolicy, facts: Pick<RoutingFacts, 'type' | 'severity' | 'valueAtRisk'>): CaseSeverity {
  const threshold = policy.severity.highValueAtRiskAtLeast;
  if (threshold !== null && facts.valueAtRisk !== null && facts.valueAtRisk >= threshold) return 'high';
  return policy.severity.byType[facts.type] ?? facts.severity;
}

const matches = (route: CaseRoute, facts: RoutingFacts): boolean =>
  (route.types === undefined || route.types.includes(facts.type)) &&
  (route.regions === undefined || (facts.region !== null && route.regions.includes(facts.region))) &&
  (route.valueAtRiskAtLeast === undefined || (facts.valueAtRisk !== null && facts.valueAtRisk >= route.valueAtRiskAtLeast));

/**
 * Chooses a new case's severity, queue and SLA due time from the policy: the first matching route
 * names the queue (else `defaultQueue`); the SLA is the type's hours for the severity, else the
 * severity's. Pure: `openedAtMs` is an argument.
 *
 * @example
 * routeCase(policy, { type: 'stock_mismatch', severity: 'medium', region: 'north', valueAtRisk: 800 }, now);
 * // → { severity: 'medium', queue: 'loss-prevention-north', slaDueAtMs: now + 24h }
 */
export function routeCase(policy: CasePolicy, facts: RoutingFacts, openedAtMs: number): CaseRouting {
  assert(Number.isSafeInteger(openedAtMs), 'openedAtMs is epoch ms');
  const severity = caseSeverity(policy, facts);
  const queue = policy.routes.find((r) => matches(r, facts))?.queue ?? policy.defaultQueue;
  const hours = policy.slaHoursByType[facts.type]?.[severity] ?? policy.slaHours[severity];
  return { severity, queue, slaDueAtMs: openedAtMs + Math.round(hours * HOUR_MS) };
}
