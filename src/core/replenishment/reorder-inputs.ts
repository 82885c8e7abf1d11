import { type DemandForecast, meanDemandPerDay } from '../demand/forecast-demand.ts';
import type { ReorderInputs } from './reorder-levels.ts';
import type { ReplenishmentParams } from './replenishment-params.ts';

/**
 * Joins a demand forecast with the node's parameters: d is the mean forecast over the next L + R
 * days (the span the order-up-to level covers, so weekly peaks and trends are in it), σd the
 * forecast's one-step error, L and σL those of the node's own lane.
 */
export function reorderInputs(forecast: DemandForecast, params: ReplenishmentParams): ReorderInputs {
  const lead = params.leadTime[params.lane];
  return {
    demandPerDay: meanDemandPerDay(forecast, lead.days + params.reviewPeriodDays),
    demandStdDevPerDay: forecast.errorStdDev,
    leadTimeDays: lead.days,
    leadTimeStdDevDays: lead.stdDevDays,
    reviewPeriodDays: params.reviewPeriodDays,
    serviceLevel: params.serviceLevel,
  };
}
