// Goal: every shipped scenario is valid, and the two workflow scenarios exercise what they are
// about: bopis-discrepancy sends pickup orders whose picks come up short through re-sourcing,
// substitution and cancellation with a notification; electronics-returns sends serialized returns
// to the returns centre, where serials are checked and units restocked, refurbished or damaged.
// Method: scaled-down event-driven runs through the real engine on scratch SQLite.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/app/simulation/load-scenario-file.ts';
import { type SimulationResult, simulate } from '../../src/app/simulation/simulate.ts';
import { openSimulationEngine } from '../../src/main/simulation/open-simulation-engine.ts';

const SCENARIOS = new URL('../../scenarios/', import.meta.url);

async function scenarioNamed(name: string) {
  const loaded = await loadScenarioFile(new URL(`${name}.yaml`, SCENARIOS).pathname);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.value;
}

async function runEvent(name: string, skus: number, stores: number): Promise<SimulationResult> {
  return simulate({
    scenario: await scenarioNamed(name),
    seed: 1,
    overrides: { skus, stores },
    runs: [{ sync: { kind: 'event' }, exposureBuffers: true }],
    openTarget: openSimulationEngine,
    wallNowMs: () => Date.now(),
  });
}

describe('shipped scenarios', () => {
  it('are all valid, and named after their files', async () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(['bopis-discrepancy.yaml', 'electronics-returns.yaml', 'fashion-weekend.yaml']);
    for (const file of files) expect((await scenarioNamed(file.replace('.yaml', ''))).name).toBe(file.replace('.yaml', ''));
  });

  it('bopis-discrepancy: short picks are re-sourced, substituted or cancelled with a notification, each traced', async () => {
    const result = await runEvent('bopis-discrepancy', 80, 12);
    const [outcome] = result.report.runs;
    const [detail] = result.details;
    if (outcome === undefined || detail === undefined) throw new Error('one run expected');
    const flow = detail.shortPicks;
    expect(flow.shortUnits).toBeGreaterThan(0);
    expect(flow.reroutedUnits + flow.substitutedUnits + flow.cancelledUnits).toBe(flow.shortUnits);
    expect(flow.substitutedUnits).toBeGreaterThan(0);
    expect(flow.cancelledUnits).toBeGreaterThan(0);
    // Every substitution and every cancelled line notifies the customer.
    expect(flow.notifications).toBeGreaterThan(0);
    expect(detail.cases.map((c) => c.type)).toContain('reservation_at_risk');
    // Cancelled units are the oversold ones, and each has a physical-world cause.
    expect(outcome.oversoldUnits).toBe(flow.cancelledUnits);
    for (const c of detail.cancellations)
      for (const cause of c.causes) expect(['late_pos_posting', 'hidden_shrink', 'till_sale_of_promised_unit']).toContain(cause);
  }, 60_000);

  it('electronics-returns: serial mismatches open cases, and returned units are restocked, refurbished or damaged', async () => {
    const result = await runEvent('electronics-returns', 40, 8);
    const [outcome] = result.report.runs;
    const [detail] = result.details;
    if (outcome === undefined || detail === undefined) throw new Error('one run expected');
    expect(detail.cases.find((c) => c.type === 'serial_mismatch')?.opened).toBeGreaterThan(0);
    expect(detail.returnUnits.restocked).toBeGreaterThan(0);
    expect(detail.returnUnits.damaged).toBeGreaterThan(0);
    // A unit whose serial we never sold is held for a person, not disposed of by the rules.
    expect(detail.returnUnits.inspected).toBeGreaterThan(0);
    expect(outcome.returnToStockHoursMedian).toBeGreaterThan(0);
  }, 60_000);
});
