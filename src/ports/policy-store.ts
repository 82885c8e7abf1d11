import type { PolicyDiff } from '../core/policy/diff-policies.ts';
import type { Policy } from '../core/policy/policy-schema.ts';
import type { Result } from '../core/result.ts';
import type { AuditEntryInput } from './audit-log.ts';
import type { Page, PageRequest } from './store.ts';

/** A policy version to append. */
export type NewPolicyVersion = {
  /**
   * The version `diff` was computed against (0 when there is none). The store appends
   * `previousVersion + 1` only if that is still the latest: two concurrent PUTs cannot both
   * claim to follow the same version, so every stored diff is against its real predecessor.
   */
  readonly previousVersion: number;
  /** The document as submitted (YAML text), kept verbatim so comments and layout survive. */
  readonly document: string;
  /** The validated document with defaults filled in. */
  readonly parsed: Policy;
  /** The API key's name, or `cli` / `startup`. */
  readonly createdBy: string;
  readonly createdAtMs: number;
  readonly diff: PolicyDiff;
};

/** A version as listed: everything but the document. */
export type PolicyVersionSummary = {
  readonly version: number;
  readonly createdBy: string;
  readonly createdAtMs: number;
  readonly diff: PolicyDiff;
};

/** A stored version with its document. */
export type PolicyVersion = PolicyVersionSummary & { readonly document: string; readonly parsed: Policy };

/** `append` lost a race: another version was appended after `previousVersion`. Retry from the new latest. */
export type StalePolicyVersion = 'stale_previous_version';

/**
 * Versioned policy documents (ARCHITECTURE §4). Versions are numbered 1, 2, 3 … without gaps and
 * never change once written.
 */
export interface PolicyRepository {
  /**
   * Appends version `previousVersion + 1`, and `audit` in the same transaction, so a version never
   * exists without its audit entry. Answers the new version number.
   */
  append(version: NewPolicyVersion, audit: AuditEntryInput): Promise<Result<number, StalePolicyVersion>>;
  /** The newest version, or undefined when none was ever stored. */
  latest(): Promise<PolicyVersion | undefined>;
  /** The newest version number (0 when none): one index lookup, for polling. */
  latestVersion(): Promise<number>;
  get(version: number): Promise<PolicyVersion | undefined>;
  /** Versions oldest first, without their documents. */
  list(page: PageRequest): Promise<Page<PolicyVersionSummary>>;
}
