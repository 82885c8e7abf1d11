// Goal: disposition rules decide grade × packaging × warranty × category → outcome by the first
// match, the default table is what docs/returns.md documents, and a policy document without a
// `returns` section stays valid. Method: table-driven cases over the pure functions.
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/parse-policy.ts';
import { decideDisposition, returnsPolicyOf, returnsPolicySchema } from './returns-policy.ts';

const facts = (
  grade: 'A' | 'B' | 'C' | 'D',
  packaging: 'sealed' | 'opened' | 'damaged' | 'missing',
  warranty: 'in_warranty' | 'expired' | 'unknown' = 'in_warranty',
  category = 'tents',
) => ({
  grade,
  packaging,
  warranty,
  category,
});

describe('decideDisposition with the default table', () => {
  const policy = returnsPolicyOf(undefined);
  it.each([
    [facts('A', 'sealed'), 'restock'],
    [facts('A', 'opened'), 'restock'],
    [facts('A', 'damaged'), 'refurbish'],
    [facts('B', 'sealed'), 'refurbish'],
    [facts('C', 'opened', 'in_warranty'), 'damaged'],
    [facts('C', 'opened', 'expired'), 'refurbish'],
    [facts('C', 'opened', 'unknown'), 'refurbish'],
    [facts('D', 'sealed'), 'damaged'],
  ] as const)('%o → %s', (f, outcome) => {
    expect(decideDisposition(policy, f).outcome).toBe(outcome);
  });
});

describe('policy rules', () => {
  it('takes the first matching rule, conditions on category and warranty, and falls back to `unmatched`', () => {
    const policy = returnsPolicySchema.parse({
      rules: [
        { when: { category: ['electronics'], packaging: ['opened'] }, outcome: 'refurbish' },
        { when: { grade: ['A'] }, outcome: 'restock' },
      ],
      unmatched: 'hold',
    });
    expect(decideDisposition(policy, facts('A', 'opened', 'in_warranty', 'electronics'))).toEqual({ outcome: 'refurbish', ruleIndex: 0 });
    expect(decideDisposition(policy, facts('A', 'opened', 'in_warranty', 'tents'))).toEqual({ outcome: 'restock', ruleIndex: 1 });
    expect(decideDisposition(policy, facts('B', 'opened'))).toEqual({ outcome: 'hold', ruleIndex: null });
  });

  it('keeps documents without a returns section valid and unchanged, and validates a given one', () => {
    const without = parsePolicy({ version: 1 });
    expect(without.ok && without.value.returns).toBeUndefined();
    const bad = parsePolicy({ version: 1, returns: { rules: [{ when: { grade: ['E'] }, outcome: 'restock' }] } });
    expect(!bad.ok && bad.error).toMatchObject([{ code: 'invalid_policy', field: 'returns.rules.0.when.grade.0' }]);
    const good = parsePolicy({ version: 1, returns: { defaultWarrantyDays: 90 } });
    expect(good.ok && good.value.returns?.defaultWarrantyDays).toBe(90);
    expect(good.ok && good.value.returns?.rules.length).toBe(5);
  });
});
