/**
 * One line of the benchmark table. `limit` is the raw rate of the layer underneath, measured in
 * the same run, so `ratio` stays meaningful on a shared, noisy machine.
 */
export type BenchRow = {
  readonly suite: string;
  readonly backend: 'sqlite' | 'postgres' | 'n/a';
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly limit?: { readonly name: string; readonly value: number };
  readonly target?: { readonly value: number; readonly direction: 'min' | 'max' };
  readonly note?: string;
};

export type BenchOptions = { readonly quick: boolean; readonly postgresUrl: string | null; readonly progress: (message: string) => void };

/** A suite measures one capability on one backend and returns its rows. */
export type BenchSuite = { readonly name: string; run(options: BenchOptions): Promise<BenchRow[]> };
