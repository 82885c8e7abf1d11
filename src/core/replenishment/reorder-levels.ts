import { assert } from '../assert.ts';
import { inverseNormalCdf } from './inverse-normal.ts';

/** What the reorder levels of one (sku, node) are computed from. All figures per day or in days. */
export type ReorderInputs = {
  /** Forecast mean demand per day (d). */
  readonly demandPerDay: number;
  /** Standard deviation of daily demand (σd): the forecast's one-step error. */
  readonly demandStdDevPerDay: number;
  /** Lead time of the node's lane in days (L). */
  readonly leadTimeDays: number;
  /** Standard deviation of that lead time in days (σL). */
  readonly leadTimeStdDevDays: number;
  /** Review period in days (R). */
  readonly reviewPeriodDays: number;
  /** Target cycle service level, 0.5 ≤ p < 1. */
  readonly serviceLevel: number;
};

/** Safety stock, reorder point and order-up-to level, in (fractional) units. */
export type ReorderLevels = {
  /** Safety factor z = Φ⁻¹(service level). */
  readonly z: number;
  readonly safetyStock: number;
  /** Safety stock rounded up to whole units: what `ats` holds back at the node (ARCHITECTURE §1). */
  readonly safetyStockUnits: number;
  readonly reorderPoint: number;
  readonly orderUpTo: number;
};

/**
 * The classical levels under uncertain demand and lead time:
 * `SS = z · √(L·σd² + d²·σL²)`, `ROP = d·L + SS`, `OUT = d·(L + R) + SS`.
 * Kept fractional: the decision compares the integer inventory position with them and rounds the
 * order quantity up, so no unit of safety is lost to an early rounding.
 *
 * @example
 * // d = 20/day, σd = 5, L = 4 days, σL = 1 day, 95 %: SS = 1.6449·√(4·25 + 400·1) = 36.78
 * reorderLevels({ demandPerDay: 20, demandStdDevPerDay: 5, leadTimeDays: 4, leadTimeStdDevDays: 1, reviewPeriodDays: 7, serviceLevel: 0.95 })
 * // { z: 1.6449, safetyStock: 36.78, safetyStockUnits: 37, reorderPoint: 116.78, orderUpTo: 256.78 }
 */
export function reorderLevels(input: ReorderInputs): ReorderLevels {
  const { demandPerDay: d, demandStdDevPerDay: sd, leadTimeDays: L, leadTimeStdDevDays: sL, reviewPeriodDays: R } = input;
  for (const [name, v] of Object.entries({ d, sd, L, sL, R })) assert(Number.isFinite(v) && v >= 0, `${name} must be finite and ≥ 0, got ${v}`);
  assert(input.serviceLevel >= 0.5 && input.serviceLevel < 1, `service level must lie in [0.5, 1), got ${input.serviceLevel}`);
  const z = inverseNormalCdf(input.serviceLevel);
  const safetyStock = z * Math.sqrt(L * sd * sd + d * d * sL * sL);
  return {
    z,
    safetyStock,
    // 1e-9 absorbs float noise so that an exact 37.0000000001 does not become 38.
    safetyStockUnits: Math.max(0, Math.ceil(safetyStock - 1e-9)),
    reorderPoint: d * L + safetyStock,
    orderUpTo: d * (L + R) + safetyStock,
  };
}
