import { z } from 'zod';
import { limits } from '../limits.ts';
import { GRADES, type Grade, PACKAGING_CONDITIONS, type PackagingCondition, WARRANTY_STATUSES, type WarrantyStatus } from './return-unit.ts';

/** What a rule may decide on inspection: an outcome applied at once, or `hold` for an operator. */
export const RULE_OUTCOMES = ['restock', 'refurbish', 'damaged', 'hold'] as const;
export type RuleOutcome = (typeof RULE_OUTCOMES)[number];

const category = z.string().min(1).max(limits.idLengthMax);

/**
 * One disposition rule: every condition given must hold (an absent one matches anything); the
 * first matching rule of the list decides.
 */
export const dispositionRuleSchema = z.strictObject({
  when: z
    .strictObject({
      grade: z.array(z.enum(GRADES)).min(1).max(GRADES.length).optional(),
      packaging: z.array(z.enum(PACKAGING_CONDITIONS)).min(1).max(PACKAGING_CONDITIONS.length).optional(),
      warranty: z.array(z.enum(WARRANTY_STATUSES)).min(1).max(WARRANTY_STATUSES.length).optional(),
      category: z.array(category).min(1).max(limits.policyReturnRulesMax).optional(),
    })
    .default({}),
  outcome: z.enum(RULE_OUTCOMES),
});
export type DispositionRule = z.infer<typeof dispositionRuleSchema>;

/**
 * The default rule table, used when the policy has no `returns` section or no `rules`:
 *
 * | grade | packaging | warranty | outcome |
 * |---|---|---|---|
 * | A | sealed, opened | any | restock |
 * | A, B | any | any | refurbish (repack or fix cosmetic wear) |
 * | C | any | in_warranty | damaged (a vendor recovery claim is possible) |
 * | C | any | expired, unknown | refurbish |
 * | D | any | any | damaged |
 */
export const DEFAULT_DISPOSITION_RULES: readonly DispositionRule[] = [
  { when: { grade: ['A'], packaging: ['sealed', 'opened'] }, outcome: 'restock' },
  { when: { grade: ['A', 'B'] }, outcome: 'refurbish' },
  { when: { grade: ['C'], warranty: ['in_warranty'] }, outcome: 'damaged' },
  { when: { grade: ['C'] }, outcome: 'refurbish' },
  { when: { grade: ['D'] }, outcome: 'damaged' },
];

/** Warranty of an item whose master data names no `warrantyDays`. */
export const DEFAULT_WARRANTY_DAYS = 365;

/** The `returns` section of the policy document (docs/returns.md, docs/policy.md). */
export const returnsPolicySchema = z.strictObject({
  /** Warranty of items without `warrantyDays` in the item master. */
  defaultWarrantyDays: z.number().int().min(0).max(limits.warrantyDaysMax).default(DEFAULT_WARRANTY_DAYS),
  /** First match wins; when given, replaces the default table as a whole. */
  rules: z
    .array(dispositionRuleSchema)
    .max(limits.policyReturnRulesMax)
    .default(() => DEFAULT_DISPOSITION_RULES.map((r) => ({ ...r, when: { ...r.when } }))),
  /** What a unit no rule matches gets. */
  unmatched: z.enum(RULE_OUTCOMES).default('hold'),
});
export type ReturnsPolicy = z.infer<typeof returnsPolicySchema>;

/** The returns policy in force: the document's section, or the defaults when it has none. */
export const returnsPolicyOf = (section: ReturnsPolicy | undefined): ReturnsPolicy => section ?? returnsPolicySchema.parse({});

/** The facts a rule looks at. */
export type DispositionFacts = {
  readonly grade: Grade;
  readonly packaging: PackagingCondition;
  readonly warranty: WarrantyStatus;
  readonly category: string;
};

/**
 * grade × packaging × warranty × category → outcome, by the first matching rule.
 *
 * @example
 * decideDisposition(returnsPolicyOf(undefined), { grade: 'A', packaging: 'sealed', warranty: 'in_warranty', category: 'tents' })
 * // { outcome: 'restock', ruleIndex: 0 }
 */
export function decideDisposition(policy: ReturnsPolicy, facts: DispositionFacts): { readonly outcome: RuleOutcome; readonly ruleIndex: number | null } {
  for (const [i, rule] of policy.rules.entries()) {
    const w = rule.when;
    if (w.grade && !w.grade.includes(facts.grade)) continue;
    if (w.packaging && !w.packaging.includes(facts.packaging)) continue;
    if (w.warranty && !w.warranty.includes(facts.warranty)) continue;
    if (w.category && !w.category.includes(facts.category)) continue;
    return { outcome: rule.outcome, ruleIndex: i };
  }
  return { outcome: policy.unmatched, ruleIndex: null };
}
