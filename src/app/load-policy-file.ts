import { readFile } from 'node:fs/promises';
import { diffPolicies } from '../core/policy/diff-policies.ts';
import { err, ok, type Result } from '../core/result.ts';
import { parsePolicyText } from './parse-policy-text.ts';
import { type PutPolicyDeps, putPolicy } from './put-policy.ts';

/**
 * What happened to the policy file at startup:
 * - `loaded`: it differed from the stored policy and is now the newest version;
 * - `unchanged`: the stored policy already says the same (comments and layout aside);
 * - `kept_stored`: it differs, but its `version` is not above the stored one, so an operator's
 *   later `PUT /v1/policies` stays in force rather than being rolled back by a restart.
 */
export type PolicyFileOutcome =
  | { readonly outcome: 'loaded'; readonly version: number; readonly changedPaths: number }
  | { readonly outcome: 'unchanged'; readonly version: number }
  | { readonly outcome: 'kept_stored'; readonly version: number; readonly storedDocumentVersion: number; readonly fileDocumentVersion: number };

/**
 * Loads the policy file named by `OMNISTOCK_POLICY` or `--policy` at startup, audited as actor
 * `startup`. Answers an error message naming the path and the problem (unreadable file, YAML
 * syntax, every schema error with its field) for the server to stop with.
 *
 * @example
 * const r = await loadPolicyFile('demo/policy.yaml', { policies: store.policies, holder, clock });
 * if (!r.ok) throw new CliError(r.error);
 */
export async function loadPolicyFile(path: string, deps: PutPolicyDeps): Promise<Result<PolicyFileOutcome, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return err(`cannot read the policy file ${path}: ${(error as Error).message}`);
  }
  const parsed = parsePolicyText(text);
  if (!parsed.ok) return err(`the policy file ${path} is invalid: ${parsed.error.map((e) => e.message).join('; ')}`);
  const latest = await deps.policies.latest();
  if (latest !== undefined) {
    if (latest.document === text || diffPolicies(latest.parsed, parsed.value).changes.length === 0) {
      return ok({ outcome: 'unchanged', version: latest.version });
    }
    if (parsed.value.version <= latest.parsed.version) {
      return ok({ outcome: 'kept_stored', version: latest.version, storedDocumentVersion: latest.parsed.version, fileDocumentVersion: parsed.value.version });
    }
  }
  const put = await putPolicy(deps, { text, actor: 'startup' });
  if (!put.ok) return err(`the policy file ${path} is invalid: ${put.error.map((e) => e.message).join('; ')}`);
  return ok({ outcome: 'loaded', version: put.value.version, changedPaths: put.value.diff.changes.length });
}
