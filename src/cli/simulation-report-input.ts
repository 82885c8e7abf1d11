import type { SimulationResult } from '../app/simulation/simulate.ts';

/** What the HTML report renders: everything a simulation produced (`details[i]` belongs to `report.runs[i]`). */
export type SimulationReportInput = SimulationResult;
