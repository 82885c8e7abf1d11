/** Epoch milliseconds as an RFC 3339 UTC timestamp (`2026-11-01T10:00:00.000Z`), the API's time format. */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString();
