import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so `{a, b}` and `{b, a}` hash alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 of a request body in canonical form: a repeat with the same Idempotency-Key and this
 * hash is the same request (answered with the stored result); another hash is a reused key.
 */
export const requestHash = (body: unknown): string => createHash('sha256').update(canonicalJson(body)).digest('hex');
