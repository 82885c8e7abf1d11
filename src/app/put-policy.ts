import { type DomainError, domainError } from '../core/errors.ts';
import { limits } from '../core/limits.ts';
import { diffPolicies } from '../core/policy/diff-policies.ts';
import type { Policy } from '../core/policy/policy-schema.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Clock } from '../ports/clock.ts';
import type { PolicyRepository, PolicyVersionSummary } from '../ports/policy-store.ts';
import { parsePolicyText } from './parse-policy-text.ts';
import type { PolicyHolder } from './policy-holder.ts';

export type PutPolicyDeps = { readonly policies: PolicyRepository; readonly holder: PolicyHolder; readonly clock: Clock };

export type PutPolicyInput = {
  /** The YAML document. */
  readonly text: string;
  /** Who: the API key's name, or `cli` / `startup`. */
  readonly actor: string;
  /** The API key's id, kept in the audit details (names are not unique). */
  readonly actorKeyId?: string;
};

/**
 * Stores a new policy version and puts it in force (issue 3, ARCHITECTURE §4): parse the YAML,
 * validate it (every error, with its path), require the document's `version` to grow, diff it
 * against the version in force, append it with a `policy.updated` audit entry in one
 * transaction, and refresh the holder so this process uses it before the call returns.
 *
 * A concurrent PUT that appended first makes ours stale; we re-read, re-check and re-diff, at
 * most `limits.policyAppendAttemptsMax` times.
 */
export async function putPolicy(deps: PutPolicyDeps, input: PutPolicyInput): Promise<Result<PolicyVersionSummary, readonly DomainError[]>> {
  const parsed = parsePolicyText(input.text);
  if (!parsed.ok) return parsed;
  for (let attempt = 1; attempt <= limits.policyAppendAttemptsMax; attempt++) {
    const latest = await deps.policies.latest();
    const previous = latest?.parsed ?? null;
    if (previous !== null && parsed.value.version <= previous.version) {
      return err([
        domainError(
          'invalid_policy',
          `version: must be greater than ${previous.version}, the version of the policy in force (stored as version ${latest?.version})`,
          'version',
        ),
      ]);
    }
    const createdAtMs = deps.clock.now();
    // The first version is diffed against an empty document: each top-level key is one `added`.
    const diff = diffPolicies(previous ?? {}, parsed.value);
    const previousVersion = latest?.version ?? 0;
    const appended = await deps.policies.append(
      { previousVersion, document: input.text, parsed: parsed.value, createdBy: input.actor, createdAtMs, diff },
      {
        atMs: createdAtMs,
        actor: input.actor,
        action: 'policy.updated',
        subject: 'policy',
        details: auditDetails(
          previousVersion,
          parsed.value,
          diff.changes.map((c) => c.path),
          diff.truncated,
          input.actorKeyId,
        ),
      },
    );
    if (appended.ok) {
      await deps.holder.refresh();
      return ok({ version: appended.value, createdBy: input.actor, createdAtMs, diff });
    }
  }
  // Only a storm of concurrent PUTs gets here; the caller may simply retry.
  throw new Error(`policy update lost the append race ${limits.policyAppendAttemptsMax} times in a row`);
}

/** The audit row's summary: versions and changed paths, not the values (the version row keeps those). */
function auditDetails(previousVersion: number, policy: Policy, paths: string[], truncated: boolean, actorKeyId: string | undefined) {
  return {
    version: previousVersion + 1,
    previousVersion,
    documentVersion: policy.version,
    changedPaths: paths,
    truncated,
    ...(actorKeyId === undefined ? {} : { apiKeyId: actorKeyId }),
  };
}
