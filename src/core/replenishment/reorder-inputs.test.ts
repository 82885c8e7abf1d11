// Goal: the demand history flows into reorder levels: forecast over the lane's L + R, its error as
// σd. Method: a constant 20/day history with a 4-day lane (σL 1) and R = 7 gives the textbook
// numbers minus the demand variance (σd = 0): SS = 1.6449·√(400·1) = 32.90.
import { describe, expect, it } from 'vitest';
import { addDemand, type DemandSeries } from '../demand/daily-demand.ts';
import { forecastSeries } from '../demand/forecast-series.ts';
import { asNodeId, asSku } from '../ids.ts';
import { reorderInputs } from './reorder-inputs.ts';
import { reorderLevels } from './reorder-levels.ts';
import { replenishmentParams, replenishmentPolicyOf } from './replenishment-params.ts';

const sku = asSku('TENT-1');
const node = asNodeId('STORE-1');
const policy = replenishmentPolicyOf(null);
const params = {
  ...replenishmentParams(policy, 'TENT-1', 'tents', 'store'),
  leadTime: { supplier: { days: 9, stdDevDays: 0 }, dc: { days: 4, stdDevDays: 1 } },
};

describe('reorderInputs', () => {
  it('uses the forecast over L + R and the lane of the node', () => {
    let series: DemandSeries | undefined;
    for (let day = 100; day < 130; day++) series = addDemand(series, sku, node, day, 20);
    // Today = day 130: the policy reads up to 112 days, but the series starts at day 100, so 30 days.
    const forecast = forecastSeries(series, 130, policy.forecast);
    expect(forecast).toMatchObject({ method: 'holt_winters', historyDays: 30 });
    const inputs = reorderInputs(forecast, params);
    expect(inputs).toMatchObject({ leadTimeDays: 4, leadTimeStdDevDays: 1, reviewPeriodDays: 7, serviceLevel: 0.95 });
    expect(inputs.demandPerDay).toBeCloseTo(20, 9);
    expect(inputs.demandStdDevPerDay).toBeCloseTo(0, 9);
    const levels = reorderLevels(inputs);
    expect(levels.safetyStock).toBeCloseTo(32.897, 3);
    expect(levels.reorderPoint).toBeCloseTo(112.897, 3);
  });

  it('forecasts nothing for a node without history, and today is never part of the history', () => {
    expect(forecastSeries(undefined, 130, policy.forecast)).toMatchObject({ method: 'none', historyDays: 0 });
    const onlyToday = addDemand(undefined, sku, node, 130, 5);
    expect(forecastSeries(onlyToday, 130, policy.forecast)).toMatchObject({ method: 'none', historyDays: 0 });
  });
});
