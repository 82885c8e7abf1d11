import { assert } from '../assert.ts';
import { limits } from '../limits.ts';

/** Days of one season: demand follows the week. */
export const SEASON_DAYS = 7;
/** Holt-Winters needs two full seasons to initialise level, trend and seasonal indices. */
export const HOLT_WINTERS_HISTORY_DAYS_MIN = 2 * SEASON_DAYS;
/** Holt needs two points to start a trend and a third for its first informative one-step error. */
export const HOLT_HISTORY_DAYS_MIN = 3;

export const FORECAST_METHODS = ['holt_winters', 'holt', 'simple', 'none'] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

/** Smoothing constants in (0, 1]: level α, trend β, season γ. */
export type SmoothingParams = { readonly alpha: number; readonly beta: number; readonly gamma: number };

/** A fitted forecast of daily demand, as of the end of its history. */
export type DemandForecast = {
  readonly method: ForecastMethod;
  /** Days of history the fit read (n). */
  readonly historyDays: number;
  readonly level: number;
  /** Units per day per day (0 for simple smoothing). */
  readonly trend: number;
  /** Seasonal index by phase: `seasonal[t mod 7]` for history day t (t = 0 is the first day); null without seasonality. */
  readonly seasonal: readonly number[] | null;
  /** Standard deviation of one-step-ahead errors (root mean square: a bias counts as error). */
  readonly errorStdDev: number;
  /** How many one-step errors `errorStdDev` is based on (0: a Poisson guess √level). */
  readonly errorCount: number;
};

/**
 * Fits a forecast to daily demand (oldest first), choosing the method by the history available:
 * Holt-Winters additive with a weekly season from 14 days, Holt's linear trend from 3 days, simple
 * exponential smoothing from 1 day, `none` (zero demand) without history. docs/replenishment.md
 * gives the recurrences and their initialisation.
 *
 * @example
 * const f = fitForecast([10, 12, 11, 13], { alpha: 0.5, beta: 0.1, gamma: 0.1 }); // holt
 * forecastAt(f, 1) // next day's demand
 */
export function fitForecast(history: readonly number[], params: SmoothingParams): DemandForecast {
  assert(history.length <= limits.demandHistoryDaysMax, 'history longer than the kept span');
  for (const [name, v] of Object.entries({ alpha: params.alpha, beta: params.beta, gamma: params.gamma }))
    assert(v > 0 && v <= 1, `smoothing constant ${name} must lie in (0, 1], got ${v}`);
  for (const y of history) assert(Number.isFinite(y) && y >= 0, `daily demand must be finite and ≥ 0, got ${y}`);
  const n = history.length;
  if (n >= HOLT_WINTERS_HISTORY_DAYS_MIN) return holtWinters(history, params);
  if (n >= HOLT_HISTORY_DAYS_MIN) return holt(history, params);
  if (n >= 1) return simple(history, params);
  return { method: 'none', historyDays: 0, level: 0, trend: 0, seasonal: null, errorStdDev: 0, errorCount: 0 };
}

/** Forecast demand `h ≥ 1` days after the last history day; never negative (a falling trend stops at zero). */
export function forecastAt(f: DemandForecast, h: number): number {
  assert(Number.isSafeInteger(h) && h >= 1, 'horizon is a whole number of days ≥ 1');
  const season = f.seasonal === null ? 0 : (f.seasonal[(f.historyDays - 1 + h) % SEASON_DAYS] ?? 0);
  return Math.max(0, f.level + h * f.trend + season);
}

/** Mean forecast demand per day over the next `horizonDays` days (d in the reorder formulas). */
export function meanDemandPerDay(f: DemandForecast, horizonDays: number): number {
  const days = Math.max(1, Math.ceil(horizonDays));
  let total = 0;
  for (let h = 1; h <= days; h++) total += forecastAt(f, h);
  return total / days;
}

/** Root mean square of one-step errors; with none, √level (Poisson: variance = mean of count demand). */
function withErrors(base: Omit<DemandForecast, 'errorStdDev' | 'errorCount'>, errors: readonly number[]): DemandForecast {
  if (errors.length === 0) return { ...base, errorStdDev: Math.sqrt(Math.max(0, base.level)), errorCount: 0 };
  const meanSquare = errors.reduce((s, e) => s + e * e, 0) / errors.length;
  return { ...base, errorStdDev: Math.sqrt(meanSquare), errorCount: errors.length };
}

/** Simple exponential smoothing: ℓ₀ = y₀; ŷₜ = ℓₜ₋₁; ℓₜ = ℓₜ₋₁ + α(yₜ − ŷₜ). */
function simple(y: readonly number[], { alpha }: SmoothingParams): DemandForecast {
  let level = y[0] ?? 0;
  const errors: number[] = [];
  for (let t = 1; t < y.length; t++) {
    const e = (y[t] ?? 0) - level;
    errors.push(e);
    level += alpha * e;
  }
  return withErrors({ method: 'simple', historyDays: y.length, level, trend: 0, seasonal: null }, errors);
}

/**
 * Holt's linear trend: ℓ₀ = y₀, b₀ = y₁ − y₀; ŷₜ = ℓₜ₋₁ + bₜ₋₁; ℓₜ = αyₜ + (1−α)ŷₜ;
 * bₜ = β(ℓₜ − ℓₜ₋₁) + (1−β)bₜ₋₁. The error at t = 1 is zero by construction, so errors count from t = 2.
 */
function holt(y: readonly number[], { alpha, beta }: SmoothingParams): DemandForecast {
  let level = y[0] ?? 0;
  let trend = (y[1] ?? 0) - level;
  const errors: number[] = [];
  for (let t = 1; t < y.length; t++) {
    const yt = y[t] ?? 0;
    const predicted = level + trend;
    if (t >= 2) errors.push(yt - predicted);
    const previous = level;
    level = alpha * yt + (1 - alpha) * predicted;
    trend = beta * (level - previous) + (1 - beta) * trend;
  }
  return withErrors({ method: 'holt', historyDays: y.length, level, trend, seasonal: null }, errors);
}

/**
 * Holt-Winters additive, season m = 7. Initialisation from the first two seasons: ℓ = mean of
 * season 1, b = (mean of season 2 − mean of season 1) / m, sᵢ = yᵢ − ℓ for i < m. Then for t ≥ m:
 * ŷₜ = ℓ + b + sₜ₋ₘ; ℓ' = α(yₜ − sₜ₋ₘ) + (1−α)(ℓ + b); b' = β(ℓ' − ℓ) + (1−β)b;
 * sₜ = γ(yₜ − ℓ − b) + (1−γ)sₜ₋ₘ. One-step errors count from t = m.
 */
function holtWinters(y: readonly number[], { alpha, beta, gamma }: SmoothingParams): DemandForecast {
  const m = SEASON_DAYS;
  const mean = (from: number) => y.slice(from, from + m).reduce((s, v) => s + v, 0) / m;
  let level = mean(0);
  let trend = (mean(m) - level) / m;
  const seasonal = y.slice(0, m).map((v) => v - level);
  const errors: number[] = [];
  for (let t = m; t < y.length; t++) {
    const yt = y[t] ?? 0;
    const s = seasonal[t % m] ?? 0;
    errors.push(yt - (level + trend + s));
    const previous = level;
    level = alpha * (yt - s) + (1 - alpha) * (previous + trend);
    seasonal[t % m] = gamma * (yt - previous - trend) + (1 - gamma) * s;
    trend = beta * (level - previous) + (1 - beta) * trend;
  }
  return withErrors({ method: 'holt_winters', historyDays: y.length, level, trend, seasonal }, errors);
}
