import { limits } from '../limits.ts';

/** One changed leaf between two policy documents; `before`/`after` are undefined when absent. */
export type PolicyChange = {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
};

/** The changed paths between two policies, for the audit of `PUT /v1/policies`. */
export type PolicyDiff = { readonly changes: readonly PolicyChange[]; readonly truncated: boolean };

/**
 * Lists the paths that differ between `a` and `b` (validated policies or any JSON values), sorted by
 * path so the audit row is stable. A subtree present on one side only is one entry (`added` or
 * `removed` with the whole value), not one per leaf. Arrays are compared element by element by index:
 * threshold rules are ordered data, a reordering is a change. At most `limits.policyDiffPathsMax`
 * changes are listed; `truncated` says when more exist.
 *
 * @example
 * diffPolicies({ version: 1 }, { version: 2 }).changes
 * // [{ path: 'version', kind: 'changed', before: 1, after: 2 }]
 */
export function diffPolicies(a: unknown, b: unknown): PolicyDiff {
  const changes: PolicyChange[] = [];
  const overflow = { value: false };
  walk(a, b, '', changes, overflow);
  changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { changes, truncated: overflow.value };
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

function walk(a: unknown, b: unknown, path: string, out: PolicyChange[], overflow: { value: boolean }): void {
  if (overflow.value) return;
  if (isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const child = path === '' ? key : `${path}.${key}`;
      walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], child, out, overflow);
    }
    return;
  }
  if (Object.is(a, b)) return;
  if (out.length >= limits.policyDiffPathsMax) {
    overflow.value = true;
    return;
  }
  const where = path === '' ? '(root)' : path;
  if (a === undefined) out.push({ path: where, kind: 'added', after: b });
  else if (b === undefined) out.push({ path: where, kind: 'removed', before: a });
  else out.push({ path: where, kind: 'changed', before: a, after: b });
}
