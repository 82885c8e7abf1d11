// Goal: the policy diff lists exactly the changed leaf paths, sorted, for the PUT /v1/policies
// audit. Method: diff validated documents with known edits.
import { describe, expect, it } from 'vitest';
import { diffPolicies } from './diff-policies.ts';
import { parsePolicy } from './parse-policy.ts';

const policy = (doc: unknown) => {
  const r = parsePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

describe('diffPolicies', () => {
  it('is empty for equal documents', () => {
    const a = policy({ version: 1, channels: { web: {} } });
    expect(diffPolicies(a, structuredClone(a))).toEqual({ changes: [], truncated: false });
  });

  it('lists changed, added and removed paths in path order', () => {
    const a = policy({ version: 1, channels: { web: { sharePercent: 50 }, old: {} } });
    const b = policy({ version: 2, channels: { web: { sharePercent: 60 }, mk: { minimumUnits: 2 } } });
    const paths = diffPolicies(a, b).changes.map((c) => `${c.kind} ${c.path}`);
    expect(paths).toEqual(['added channels.mk', 'removed channels.old', 'changed channels.web.sharePercent', 'changed version']);
    expect(diffPolicies(a, b).changes.find((c) => c.path === 'channels.web.sharePercent')).toEqual({
      path: 'channels.web.sharePercent',
      kind: 'changed',
      before: 50,
      after: 60,
    });
  });

  it('compares threshold rules by position', () => {
    const rule = (n: number) => ({ id: `r${n}`, when: { networkAtsBelow: n }, then: { pauseMarginTiers: ['low'] } });
    const a = policy({ version: 1, thresholdRules: [rule(1), rule(2)] });
    const b = policy({ version: 1, thresholdRules: [rule(1)] });
    const paths = diffPolicies(a, b).changes.map((c) => c.path);
    expect(paths).toEqual(['thresholdRules.1']);
    const c = policy({ version: 1, thresholdRules: [rule(1), rule(3)] });
    expect(diffPolicies(a, c).changes.map((x) => x.path)).toEqual(['thresholdRules.1.id', 'thresholdRules.1.when.networkAtsBelow']);
  });

  it('caps the listed changes and says so', () => {
    const many = (v: number) => ({ version: 1, safetyStock: { bySku: Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`S${i}`, v])) } });
    const d = diffPolicies(policy(many(1)), policy(many(2)));
    expect(d.changes).toHaveLength(1000);
    expect(d.truncated).toBe(true);
  });
});
