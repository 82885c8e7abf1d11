// Goal: the simulator is deterministic for a seed, its outcomes are derived from the run, the
// event-driven run oversells less than the batch baseline, every event-driven cancellation is traced
// to a physical-world cause, and removing the exposure buffers shows their effect. Method: run the
// real engine (scratch SQLite) through `simulate` on a scaled-down fashion-weekend.
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/app/simulation/load-scenario-file.ts';
import { type RunPlan, type SimulationResult, simulate } from '../../src/app/simulation/simulate.ts';
import { BUCKETS } from '../../src/core/ledger/buckets.ts';
import type { Scenario } from '../../src/core/simulation/scenario-schema.ts';
import { openSimulationEngine } from '../../src/main/simulation/open-simulation-engine.ts';

const scenario = await (async (): Promise<Scenario> => {
  const loaded = await loadScenarioFile(new URL('../../scenarios/fashion-weekend.yaml', import.meta.url).pathname);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.value;
})();

const EVENT: RunPlan = { sync: { kind: 'event' }, exposureBuffers: true };
const UNBUFFERED: RunPlan = { sync: { kind: 'event' }, exposureBuffers: false };
const BATCH: RunPlan = { sync: { kind: 'batch', intervalMs: 15 * 60_000 }, exposureBuffers: true };

const run = (seed: number, runs: readonly RunPlan[], size: { skus: number; stores: number }): Promise<SimulationResult> =>
  simulate({ scenario, seed, overrides: size, runs, openTarget: openSimulationEngine, wallNowMs: () => Date.now() });

const withoutWall = (r: SimulationResult) => ({ runs: r.report.runs.map(({ wallSeconds: _, ...rest }) => rest), details: r.details });

describe('omnistock simulate, fashion-weekend scaled down', () => {
  it('gives the same outcomes and details for the same seed, and different ones for another seed', async () => {
    const size = { skus: 60, stores: 20 };
    const first = await run(11, [EVENT], size);
    const again = await run(11, [EVENT], size);
    expect(withoutWall(again)).toEqual(withoutWall(first));
    const other = await run(12, [EVENT], size);
    expect(withoutWall(other).runs).not.toEqual(withoutWall(first).runs);
  }, 120_000);

  it('oversells less event-driven than batch, traces every event-driven cancellation, and shows what the buffers buy', async () => {
    const result = await run(11, [EVENT, UNBUFFERED, BATCH], { skus: 100, stores: 30 });
    const [event, unbuffered, batch] = result.report.runs;
    const [eventDetail, unbufferedDetail, batchDetail] = result.details;
    if (!event || !unbuffered || !batch || !eventDetail || !unbufferedDetail || !batchDetail) throw new Error('three runs expected');
    expect([event.sync, unbuffered.sync, batch.sync]).toEqual(['event', 'event', 'batch']);
    expect([eventDetail.label, unbufferedDetail.label, batchDetail.label]).toEqual(['event', 'event, no buffers', 'batch 15m']);

    // The batch baseline accepts orders against a view up to 15 minutes old: it must oversell more.
    expect(batch.oversoldUnits).toBeGreaterThan(event.oversoldUnits);
    // Without the buffers, late postings and shrink reach customers' orders.
    expect(unbuffered.oversoldUnits).toBeGreaterThan(event.oversoldUnits);

    // Each oversold unit is one traced cancellation; the event-driven ones have a physical cause.
    for (const [outcome, detail] of [
      [event, eventDetail],
      [unbuffered, unbufferedDetail],
      [batch, batchDetail],
    ] as const) {
      expect(detail.cancellations.reduce((sum, c) => sum + c.units, 0)).toBe(outcome.oversoldUnits);
      expect(detail.cancellations).toHaveLength(outcome.cancellations);
    }
    for (const c of [...eventDetail.cancellations, ...unbufferedDetail.cancellations]) {
      expect(c.causes.length).toBeGreaterThan(0);
      for (const cause of c.causes) expect(['late_pos_posting', 'hidden_shrink']).toContain(cause);
      expect(c.detail).toMatch(/not posted yet|found at pick/);
    }
    expect(batchDetail.cancellations.some((c) => c.causes.includes('stale_channel_view'))).toBe(true);

    expect(event.ordersAccepted).toBeGreaterThan(0);
    expect(event.latencyMsP99).toBe(0);
    expect(batch.latencyMsP50).toBeGreaterThan(0);
    expect(batch.latencyMsP99).toBeLessThanOrEqual(15 * 60_000);
    // Returns come back during the weekend and are restocked after inspection.
    expect(event.returnToStockHoursMedian).toBeGreaterThan(0);
    expect(event.returnToStockHoursMedian).toBeLessThanOrEqual(8 + 24);

    // One bucket sample per hour of the window (and its end), each consistent with the reported average value.
    expect(eventDetail.samples).toHaveLength(scenario.durationHours + 1);
    const onHandValue = eventDetail.samples.map((s) => BUCKETS.filter((b) => b !== 'inbound').reduce((sum, b) => sum + s.value[b], 0));
    const mean = onHandValue.reduce((a, b) => a + b, 0) / onHandValue.length;
    expect(event.avgInventoryValue).toBeCloseTo(mean, 0);
    expect(eventDetail.samples[0]?.units.available).toBeGreaterThan(0);
    // Cases by type add up to the reported totals.
    expect(eventDetail.cases.reduce((sum, c) => sum + c.opened, 0)).toBe(event.casesOpened);
    expect(eventDetail.cases.reduce((sum, c) => sum + c.autoResolved, 0)).toBe(event.casesAutoResolved);
  }, 240_000);
});
