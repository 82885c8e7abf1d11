import { z } from 'zod';
import { ID_PATTERN } from '../ids.ts';
import { limits } from '../limits.ts';
import { CASE_SEVERITIES, CASE_TYPES } from './case-vocabulary.ts';

const id = z.string().min(1).max(limits.idLengthMax).regex(ID_PATTERN, 'ids may contain letters, digits and . _ : - only');
const money = z.number().min(0).max(1e12);
const units = z.number().int().min(0).max(limits.qtyMax);
/** Up to a year: an SLA longer than that is no SLA. */
const hours = z
  .number()
  .gt(0)
  .max(24 * 365);
const slaBySeverity = z.strictObject({ low: hours.optional(), medium: hours.optional(), high: hours.optional() });

/** One routing rule: every condition given must hold; the first rule that matches names the queue. */
export const caseRouteSchema = z.strictObject({
  queue: id,
  types: z.array(z.enum(CASE_TYPES)).min(1).max(CASE_TYPES.length).optional(),
  /** Regions of the case's node (`node.region` in master data). */
  regions: z.array(id).min(1).max(limits.caseRouteRegionsMax).optional(),
  /** Value at risk (units × the item's unit cost) at or above this. */
  valueAtRiskAtLeast: money.optional(),
});
export type CaseRoute = z.infer<typeof caseRouteSchema>;

/**
 * The `cases` section of the policy document (docs/cases.md): routing, SLAs, severity and the
 * `stock_mismatch` thresholds. Every field has a default, so `cases: {}` is valid; the section
 * itself is optional (`casePolicyOf` fills it), so documents written before it still validate to
 * the same value.
 */
export const casePolicySchema = z.strictObject({
  /** The queue of a case no rule matches. */
  defaultQueue: id.default('exceptions'),
  routes: z.array(caseRouteSchema).max(limits.caseRoutesMax).default([]),
  /** Hours from opening to the SLA due time, by severity. */
  slaHours: z.strictObject({ low: hours.default(72), medium: hours.default(24), high: hours.default(4) }).prefault({}),
  /** Per-type SLA overrides, by severity; a severity not given falls back to `slaHours`. */
  slaHoursByType: z.partialRecord(z.enum(CASE_TYPES), slaBySeverity).default({}),
  severity: z
    .strictObject({
      /** Replaces the trigger's own severity for a type. */
      byType: z.partialRecord(z.enum(CASE_TYPES), z.enum(CASE_SEVERITIES)).default({}),
      /** A case whose value at risk reaches this is `high`, whatever its type says; null: never. */
      highValueAtRiskAtLeast: money.nullable().default(1000),
    })
    .prefault({}),
  /** A count opens a `stock_mismatch` case when |variance| exceeds either threshold. */
  stockMismatch: z.strictObject({ varianceUnitsAbove: units.default(10), varianceValueAbove: money.default(500) }).prefault({}),
});
export type CasePolicy = z.infer<typeof casePolicySchema>;

/** The defaults, for a policy without a `cases` section (or no policy at all). */
export const DEFAULT_CASE_POLICY: CasePolicy = casePolicySchema.parse({});

/** The `cases` section in force: the document's, or the defaults. */
export const casePolicyOf = (policy: { readonly cases?: CasePolicy | undefined } | null): CasePolicy => policy?.cases ?? DEFAULT_CASE_POLICY;
