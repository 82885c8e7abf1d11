/**
 * The CloudEvent `data` object of a journalled cause (its `body`), or null when the body is not a
 * JSON object with one. The replenishment after-steps read `reference`, `transferId`, `toNode` and
 * `expectedAt` from it.
 */
export function causeData(body: string): Readonly<Record<string, unknown>> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const data = typeof parsed === 'object' && parsed !== null ? (parsed as { data?: unknown }).data : undefined;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}

/** A non-empty string field of `data`, or null. */
export function stringField(data: Readonly<Record<string, unknown>> | null, field: string): string | null {
  const value = data?.[field];
  return typeof value === 'string' && value !== '' ? value : null;
}
