/**
 * Assertions for programmer errors (TigerBeetle style): they throw, are never caught inside the
 * core, and are never retried. Expected outcomes are `Result` values instead (see `result.ts`).
 */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

/** Throws when `condition` is false. Use for invariants the caller must already guarantee. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Exhaustiveness check for `switch` over closed unions. */
export function assertNever(value: never, what: string): never {
  throw new AssertionError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
