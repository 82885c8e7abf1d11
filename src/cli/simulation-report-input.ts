import type { RunDetail } from '../core/simulation/run-detail.ts';
import type { RunOutcome } from '../core/simulation/simulation-outcome.ts';

/**
 * What the HTML report renders: the shape of `SimulationResult` from src/app/simulation/simulate.ts,
 * declared here structurally so the renderer depends on the data, not on the use case that made it.
 * `details[i]` belongs to `report.runs[i]`.
 */
export type SimulationReportInput = {
  readonly report: { readonly scenario: string; readonly seed: number; readonly runs: readonly RunOutcome[] };
  readonly details: readonly RunDetail[];
  readonly scenario: {
    readonly name: string;
    readonly description: string;
    readonly durationHours: number;
    /** ISO 8601 start of the simulated window, e.g. `2026-03-06T18:00:00Z`. */
    readonly start: string;
    readonly skus: number;
    readonly stores: number;
  };
  /** Where the runs went, e.g. "in-process (scratch SQLite)" or a server's URL. */
  readonly target: string;
};
