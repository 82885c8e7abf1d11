/**
 * A seeded pseudo-random source for the simulator (ARCHITECTURE §2: no randomness without a
 * seed). mulberry32: 32 bits of state, fast, and good enough for demand draws; it is not for
 * anything secret. The same seed gives the same sequence on every platform, because it uses only
 * 32-bit integer arithmetic (`Math.imul`, `>>>`).
 *
 * @example
 * const rng = seededRandom(42);
 * rng.int(1, 6); // a die roll, the same one for seed 42 every time
 */
export type SeededRandom = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** Exponentially distributed with the given mean (inter-arrival times of a Poisson process). */
  exponential(mean: number): number;
  /** Log-normally distributed with the given median and shape `sigma` (delays with a long tail). */
  logNormal(median: number, sigma: number): number;
  /** A child source whose sequence depends only on this seed and `label`, so adding draws elsewhere leaves it unchanged. */
  fork(label: string): SeededRandom;
};

function hashLabel(seed: number, label: string): number {
  let h = seed ^ 0x9e3779b9;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** A mulberry32 source seeded with `seed` (any integer; only its low 32 bits count). */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    // Box–Muller; 1 - next() keeps the logarithm's argument above zero.
    return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    exponential: (mean) => -mean * Math.log(1 - next()),
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    fork: (label) => seededRandom(hashLabel(seed, label)),
  };
}

/**
 * Index drawn with probability proportional to `cumulative[i] - cumulative[i-1]`, by binary search
 * over a cumulative-weight table (popularity draws over thousands of SKUs stay O(log n)).
 */
export function drawWeighted(cumulative: readonly number[], u: number): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const target = u * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
