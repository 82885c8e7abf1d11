import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CliError } from '../../cli/cli-error.ts';

/**
 * What a restart of `omnistock demo` must know about its database, kept in a small JSON file beside
 * it (`demo.sqlite.demo.json`): the world it was loaded with (so a restart rebuilds the same
 * retailer whatever flags it is given), how many runs played on it (so each run's ids get their
 * own prefix), and how far the engine's clock went (so a restart never starts before traffic
 * already recorded: at `--speed 60` the clock runs ahead of the wall clock, and a cycle count
 * recorded "later" would make every new sale look late).
 *
 * Not in the database itself: that would need a table for a demo concern in every store. The file
 * also marks the database as the demo's own: `--reset` deletes only a database that has one.
 */
const demoStateSchema = z.strictObject({
  scenario: z.string().min(1).max(100),
  skus: z.number().int().min(1),
  stores: z.number().int().min(1),
  seed: z.number().int().min(1),
  runs: z.number().int().min(1),
  /** No run recorded anything after this business time (epoch ms); a new run starts at or after it. */
  clockMaxMs: z.number().int().min(0),
});

export type DemoState = z.infer<typeof demoStateSchema>;

/** The state file of the demo database at `databasePath`. */
export const demoStatePath = (databasePath: string): string => `${databasePath}.demo.json`;

/** The state beside the database, or null when there is none. An unreadable one is the operator's to fix. */
export function readDemoState(databasePath: string): DemoState | null {
  const path = demoStatePath(databasePath);
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`the demo state ${path} cannot be read: ${(error as Error).message}`, 'run omnistock demo --reset to start the demo over');
  }
  const parsed = demoStateSchema.safeParse(raw);
  if (!parsed.success)
    throw new CliError(`the demo state ${path} is not valid: ${parsed.error.issues[0]?.message}`, 'run omnistock demo --reset to start the demo over');
  return parsed.data;
}

/** Writes the state through a temporary file and a rename, so a crash leaves the old state or the new, never half of one. */
export function writeDemoState(databasePath: string, state: DemoState): void {
  const path = demoStatePath(databasePath);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/**
 * `--reset`: deletes the demo database (with its WAL and shared-memory files) and its state. A
 * database without a state file was not made by the demo (it may be real data passed by mistake
 * with `--database`): it is left alone, and the error says so.
 */
export function removeDemoDatabase(databasePath: string): void {
  if (existsSync(databasePath) && !existsSync(demoStatePath(databasePath)))
    throw new CliError(
      `--reset deletes only a database omnistock demo created, and ${databasePath} has no ${demoStatePath(databasePath)} beside it`,
      'delete it yourself if you are sure, or pass another --database',
    );
  for (const suffix of ['', '-wal', '-shm', '.demo.json', '.demo.json.tmp']) rmSync(`${databasePath}${suffix}`, { force: true });
}
