// Goal: the policy schema accepts the demo file and fills defaults, and every rejection names the
// path of the bad field. Method: parse literal documents and the shipped demo/policy.yaml.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parsePolicy } from './parse-policy.ts';

describe('parsePolicy', () => {
  it('accepts the demo policy shipped in demo/policy.yaml', () => {
    const text = readFileSync(new URL('../../../demo/policy.yaml', import.meta.url), 'utf8');
    const r = parsePolicy(YAML.parse(text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.channels['marketplace-a']?.sharePercent).toBe(60);
    expect(r.value.channels['marketplace-a']?.nodeBufferUnits).toBe(2);
    expect(r.value.thresholdRules[0]?.then.redistributeTo).toEqual(['web', 'app']);
  });

  it('fills every default from a minimal document', () => {
    const r = parsePolicy({ version: 1, channels: { web: {} } });
    expect(r.ok && r.value).toEqual({
      version: 1,
      channels: {
        web: {
          sharePercent: 100,
          nodeBufferUnits: 0,
          minimumUnits: 0,
          autoAcceptSubstitutes: false,
          allowPartialReservations: false,
          reservationTtlSeconds: 900,
        },
      },
      safetyStock: { default: 0, byNodeType: {}, byCategory: {}, bySku: {} },
      thresholdRules: [],
      sourcing: { distanceCostPerKm: 0.01, handlingCost: { default: 1, byNode: {} }, splitPenalty: 5, lowStock: { unitsBelow: 0, costPerUnit: 0 } },
    });
  });

  it.each([
    [{ version: 1, channels: { m: { sharePercent: 101 } } }, 'channels.m.sharePercent'],
    [{ version: 1, channels: { m: { nodeBufferUnits: -1 } } }, 'channels.m.nodeBufferUnits'],
    [{ version: 1, channels: { m: { reservationTtlSeconds: 0 } } }, 'channels.m.reservationTtlSeconds'],
    [{ version: 1, channels: { m: { colour: 'red' } } }, 'channels.m.colour'],
    [{ version: 1, channels: { 'bad key': {} } }, 'channels.bad key'],
    [{ version: 1, chanels: {} }, 'chanels'],
    [{ version: 0 }, 'version'],
    [{ version: 1, safetyStock: { byNodeType: { warehouse: 1 } } }, 'safetyStock.byNodeType.warehouse'],
    [{ version: 1, thresholdRules: [{ id: 'r', when: {}, then: { pauseMarginTiers: ['low'] } }] }, 'thresholdRules.0.when'],
    [
      { version: 1, thresholdRules: [{ id: 'r', when: { networkAtsBelow: 3 }, then: { pauseMarginTiers: ['cheap'] } }] },
      'thresholdRules.0.then.pauseMarginTiers.0',
    ],
    [{ version: 1, sourcing: { splitPenalty: -1 } }, 'sourcing.splitPenalty'],
    // Issue 5 sections.
    [{ version: 1, replenishment: { defaults: { serviceLevel: 1 } } }, 'replenishment.defaults.serviceLevel'],
    [{ version: 1, replenishment: { defaults: { leadTime: { ship: { days: 1 } } } } }, 'replenishment.defaults.leadTime.ship'],
    [{ version: 1, replenishment: { bySku: { A: { casePackUnits: 0 } } } }, 'replenishment.bySku.A.casePackUnits'],
    [{ version: 1, replenishment: { byNodeType: { warehouse: {} } } }, 'replenishment.byNodeType.warehouse'],
    [{ version: 1, replenishment: { byCategory: { tents: { lane: 'air' } } } }, 'replenishment.byCategory.tents.lane'],
    [{ version: 1, replenishment: { forecast: { alpha: 0 } } }, 'replenishment.forecast.alpha'],
    [{ version: 1, reconciliation: { materiality: { unitsAtLeast: -1 } } }, 'reconciliation.materiality.unitsAtLeast'],
  ])('rejects %j naming %s', (doc, field) => {
    const r = parsePolicy(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => e.field)).toContain(field);
    expect(r.error.every((e) => e.code === 'invalid_policy')).toBe(true);
  });

  it('leaves the optional issue-5 sections out when absent, and fills their fields when present', () => {
    const r = parsePolicy({ version: 1, replenishment: {}, reconciliation: {} });
    expect(r.ok && r.value.replenishment?.defaults.serviceLevel).toBe(0.95);
    expect(r.ok && r.value.reconciliation).toEqual({ materiality: { unitsAtLeast: 1, valueAtLeast: 50 } });
    const bare = parsePolicy({ version: 1 });
    expect(bare.ok && Object.keys(bare.value).sort()).toEqual(['channels', 'safetyStock', 'sourcing', 'thresholdRules', 'version']);
  });

  it('rejects duplicate threshold rule ids', () => {
    const rule = { id: 'r', when: { networkAtsBelow: 3 }, then: { pauseMarginTiers: ['low'] } };
    const r = parsePolicy({ version: 1, thresholdRules: [rule, rule] });
    expect(!r.ok && r.error[0]?.field).toBe('thresholdRules');
  });

  it('rejects a non-object document without a field', () => {
    const r = parsePolicy('version: 1');
    expect(!r.ok && r.error[0]?.field).toBeUndefined();
  });
});
