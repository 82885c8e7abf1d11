import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { err, ok, type Result } from '../../core/result.ts';
import { type Scenario, scenarioSchema } from '../../core/simulation/scenario-schema.ts';

/**
 * Reads and validates a scenario file (scenarios/*.yaml). The error names the file and every
 * invalid field by its path, e.g. `skus.count: Too big: expected number to be <=100000`.
 */
export async function loadScenarioFile(path: string): Promise<Result<Scenario, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return err(`cannot read the scenario file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return err(`the scenario file ${path} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return err(`the scenario file ${path} is invalid: ${problems.join('; ')}`);
  }
  return ok(parsed.data);
}
