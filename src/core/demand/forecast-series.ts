import type { ReplenishmentPolicy } from '../policy/policy-schema.ts';
import { type DemandSeries, demandWindow } from './daily-demand.ts';
import { type DemandForecast, fitForecast } from './forecast-demand.ts';

/**
 * The forecast of one (sku, node) as of the start of `todayDay` (today is incomplete, so it is
 * left out): fitted to the last `historyDays` complete days, but never to days before the series'
 * first demand — a new item is not forecast as if it had sold nothing for months.
 *
 * @example forecastSeries(series, dayIndex(nowMs, offset), replenishmentPolicyOf(policy).forecast)
 */
export function forecastSeries(series: DemandSeries | undefined, todayDay: number, policy: ReplenishmentPolicy['forecast']): DemandForecast {
  const fromDay = Math.max(todayDay - policy.historyDays, series?.firstDay ?? todayDay);
  const { alpha, beta, gamma } = policy;
  return fitForecast(demandWindow(series, Math.min(fromDay, todayDay), todayDay), { alpha, beta, gamma });
}
