// Routing, SLA and severity rules of cases, and the stock_mismatch and negative_available
// triggers, decided from policy documents built in the test (pure functions, no store).
import { describe, expect, it } from 'vitest';
import { asNodeId, asSku } from '../ids.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import { casePolicyOf, casePolicySchema, DEFAULT_CASE_POLICY } from './case-policy.ts';
import { negativeAvailableClearedReason, negativeAvailableOf } from './negative-available.ts';
import { routeCase } from './route-case.ts';
import { stockMismatchOf } from './stock-mismatch.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const policy = casePolicySchema.parse({
  defaultQueue: 'ops',
  routes: [
    { queue: 'loss-prevention-north', types: ['stock_mismatch'], regions: ['north'], valueAtRiskAtLeast: 500 },
    { queue: 'integrations', types: ['failed_integration', 'channel_push_failed'] },
    { queue: 'north-stores', regions: ['north'] },
  ],
  slaHours: { medium: 12 },
  slaHoursByType: { negative_available: { medium: 2 } },
  severity: { byType: { delayed_receipt: 'low' }, highValueAtRiskAtLeast: 2000 },
});

describe('routeCase', () => {
  it('takes the first route whose every condition holds', () => {
    const big = routeCase(policy, { type: 'stock_mismatch', severity: 'medium', region: 'north', valueAtRisk: 800 }, T0);
    expect(big).toEqual({ severity: 'medium', queue: 'loss-prevention-north', slaDueAtMs: T0 + 12 * HOUR });
    // Below the value threshold the first rule fails and the region rule catches it.
    expect(routeCase(policy, { type: 'stock_mismatch', severity: 'medium', region: 'north', valueAtRisk: 100 }, T0).queue).toBe('north-stores');
    expect(routeCase(policy, { type: 'stock_mismatch', severity: 'medium', region: 'south', valueAtRisk: 800 }, T0).queue).toBe('ops');
    expect(routeCase(policy, { type: 'failed_integration', severity: 'medium', region: null, valueAtRisk: null }, T0).queue).toBe('integrations');
    // An unknown value never satisfies a value condition.
    expect(routeCase(policy, { type: 'stock_mismatch', severity: 'medium', region: 'north', valueAtRisk: null }, T0).queue).toBe('north-stores');
  });

  it('sets the SLA from the type override, else the severity, and escalates by value at risk', () => {
    expect(routeCase(policy, { type: 'negative_available', severity: 'medium', region: 'x', valueAtRisk: 10 }, T0).slaDueAtMs).toBe(T0 + 2 * HOUR);
    const high = routeCase(policy, { type: 'negative_available', severity: 'medium', region: 'x', valueAtRisk: 2000 }, T0);
    expect(high).toMatchObject({ severity: 'high', slaDueAtMs: T0 + 4 * HOUR });
    expect(routeCase(policy, { type: 'delayed_receipt', severity: 'high', region: 'x', valueAtRisk: 0 }, T0)).toMatchObject({
      severity: 'low',
      slaDueAtMs: T0 + 72 * HOUR,
    });
  });

  it('works from the defaults when the policy has no cases section, and existing documents stay valid', () => {
    const parsed = parsePolicy({ version: 1 });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.cases).toBeUndefined();
    expect(casePolicyOf(parsed.value)).toEqual(DEFAULT_CASE_POLICY);
    expect(routeCase(casePolicyOf(null), { type: 'serial_mismatch', severity: 'medium', region: null, valueAtRisk: null }, T0)).toEqual({
      severity: 'medium',
      queue: 'exceptions',
      slaDueAtMs: T0 + 24 * HOUR,
    });
  });

  it('rejects an invalid cases section naming the field', () => {
    const bad = parsePolicy({ version: 1, cases: { routes: [{ queue: 'q', types: ['no_such_type'] }] } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error[0]?.field).toBe('cases.routes.0.types.0');
    expect(parsePolicy({ version: 1, cases: { slaHours: { high: 0 } } }).ok).toBe(false);
  });
});

describe('stockMismatchOf', () => {
  const count = (variance: number, superseded = false) => ({
    sku: asSku('A'),
    node: asNodeId('S1'),
    countedAtMs: T0,
    countedQty: 10 + variance,
    expectedQty: 10,
    variance,
    superseded,
  });
  const p = casePolicySchema.parse({ stockMismatch: { varianceUnitsAbove: 5, varianceValueAbove: 100 } });

  it('opens when units or value exceed the threshold, high when both do', () => {
    expect(stockMismatchOf(count(-5), 1, p)).toBeNull();
    expect(stockMismatchOf(count(-6), 1, p)).toMatchObject({ type: 'stock_mismatch', dedupeKey: 'stock_mismatch:A:S1', severity: 'medium', unitsAtRisk: 6 });
    expect(stockMismatchOf(count(3), 50, p)).toMatchObject({ severity: 'medium', details: { variance: 3, varianceValue: 150 } });
    expect(stockMismatchOf(count(7), 50, p)?.severity).toBe('high');
    expect(stockMismatchOf(count(5), null, p)).toBeNull();
  });

  it('ignores a superseded or exact count', () => {
    expect(stockMismatchOf(count(-50, true), 1, p)).toBeNull();
    expect(stockMismatchOf(count(0), 1, p)).toBeNull();
  });
});

describe('negative available', () => {
  it('opens below zero only, and says why it cleared', () => {
    expect(negativeAvailableOf('A', 'S1', 0, [])).toBeNull();
    expect(negativeAvailableOf('A', 'S1', -3, ['pos.sale'])).toMatchObject({ dedupeKey: 'negative_available:A:S1', unitsAtRisk: 3 });
    expect(negativeAvailableClearedReason(-1, ['inventory.received'])).toBeNull();
    expect(negativeAvailableClearedReason(2, ['inventory.received'])).toBe('available back to 2 after inventory.received');
  });
});
