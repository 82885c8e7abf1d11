// Goal: replenishment parameters resolve field by field from the most specific policy entry, and a
// document without the section gets the documented defaults. Method: one policy, probed per level.
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/parse-policy.ts';
import type { Policy } from '../policy/policy-schema.ts';
import { DEFAULT_REPLENISHMENT_POLICY, replenishmentParams, replenishmentPolicyOf } from './replenishment-params.ts';

const policyOf = (doc: Record<string, unknown>): Policy => {
  const r = parsePolicy({ version: 1, ...doc });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

const policy = replenishmentPolicyOf(
  policyOf({
    replenishment: {
      defaults: { reviewPeriodDays: 14, supplier: 'ACME' },
      byNodeType: { store: { reviewPeriodDays: 3, leadTime: { dc: { days: 1, stdDevDays: 0.2 } } } },
      byCategory: { tents: { casePackUnits: 6, moqUnits: 12, maxStockUnits: 500 } },
      bySku: { 'TENT-1': { serviceLevel: 0.99, maxStockUnits: null, supplier: 'TENTCO' } },
    },
  }),
);

describe('replenishmentParams', () => {
  it('takes each field from the most specific entry that names it', () => {
    expect(replenishmentParams(policy, 'TENT-1', 'tents', 'store')).toEqual({
      reviewPeriodDays: 3,
      serviceLevel: 0.99,
      leadTime: { supplier: { days: 7, stdDevDays: 2 }, dc: { days: 1, stdDevDays: 0.2 } },
      lane: 'dc',
      moqUnits: 12,
      casePackUnits: 6,
      // An explicit null for the SKU lifts the category's cap.
      maxStockUnits: null,
      supplier: 'TENTCO',
    });
  });

  it('falls back to category, node type and defaults', () => {
    const p = replenishmentParams(policy, 'TENT-2', 'tents', 'dc');
    expect(p).toMatchObject({ reviewPeriodDays: 14, serviceLevel: 0.95, lane: 'supplier', casePackUnits: 6, maxStockUnits: 500, supplier: 'ACME' });
    expect(p.leadTime.dc).toEqual({ days: 2, stdDevDays: 0.5 });
  });

  it('does not read inherited keys', () => {
    expect(replenishmentParams(policy, 'constructor', 'toString', '3pl').casePackUnits).toBe(1);
  });
});

describe('replenishment section of the policy', () => {
  it('is absent from a document that omits it, and resolves to the defaults', () => {
    const p = policyOf({});
    expect('replenishment' in p).toBe(false);
    expect(replenishmentPolicyOf(p)).toBe(DEFAULT_REPLENISHMENT_POLICY);
    expect(replenishmentPolicyOf(null)).toEqual({
      forecast: { alpha: 0.3, beta: 0.1, gamma: 0.1, historyDays: 112 },
      defaults: {
        reviewPeriodDays: 7,
        serviceLevel: 0.95,
        leadTime: { supplier: { days: 7, stdDevDays: 2 }, dc: { days: 2, stdDevDays: 0.5 } },
        moqUnits: 1,
        casePackUnits: 1,
        maxStockUnits: null,
        supplier: null,
      },
      byNodeType: {},
      byCategory: {},
      bySku: {},
      approvalValueAbove: 5000,
      delayedReceiptGraceHours: 24,
      scheduleIntervalMinutes: 1440,
    });
  });

  it('fills defaults inside a partial section', () => {
    const p = replenishmentPolicyOf(policyOf({ replenishment: { forecast: { alpha: 0.5 }, defaults: { leadTime: { dc: { days: 3 } } } } }));
    expect(p.forecast).toEqual({ alpha: 0.5, beta: 0.1, gamma: 0.1, historyDays: 112 });
    expect(p.defaults.leadTime).toEqual({ supplier: { days: 7, stdDevDays: 2 }, dc: { days: 3, stdDevDays: 0 } });
  });
});
