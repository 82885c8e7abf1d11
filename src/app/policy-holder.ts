import { parsePolicy } from '../core/policy/parse-policy.ts';
import type { Policy } from '../core/policy/policy-schema.ts';
import type { PolicyRepository } from '../ports/policy-store.ts';

/**
 * Holds the policy in force in this process, so hot paths (availability, reservations) read it
 * with a synchronous, allocation-free `current()` instead of a query. `refresh()` swaps in the
 * newest stored version: after a `PUT /v1/policies` in this process at once, and for versions
 * appended by other processes when the composition root polls it (every few seconds; each poll
 * is one index lookup of the latest version number).
 *
 * @example
 * const holder = new PolicyHolder(store.policies);
 * await holder.refresh();
 * setInterval(() => void holder.refresh(), 5_000);
 * holder.current()?.channels['marketplace-a']?.sharePercent;
 */
export class PolicyHolder {
  private held: { readonly version: number; readonly policy: Policy } | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly policies: PolicyRepository) {}

  /** The policy in force, or null when none was ever stored (every channel then shows its full ATS). */
  current(): Policy | null {
    return this.held?.policy ?? null;
  }

  /** The stored version number of `current()`; 0 when there is none. */
  version(): number {
    return this.held?.version ?? 0;
  }

  /**
   * Loads the newest stored version when it is newer than the one held; answers whether it
   * changed. Calls run one after another rather than sharing one in-flight reload: a reload that
   * started before a version was appended must not answer for a caller that appended it.
   */
  refresh(): Promise<boolean> {
    const next = this.tail.then(() => this.reload());
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async reload(): Promise<boolean> {
    if ((await this.policies.latestVersion()) <= this.version()) return false;
    const latest = await this.policies.latest();
    if (latest === undefined || latest.version <= this.version()) return false;
    // Stored documents were valid when written; parsing again fills defaults added to the schema
    // since, so an old version never reaches the core with a field missing.
    const parsed = parsePolicy(latest.parsed);
    if (!parsed.ok) {
      const first = parsed.error[0];
      throw new Error(`stored policy version ${latest.version} no longer matches the schema: ${first?.message ?? 'invalid'}`);
    }
    this.held = { version: latest.version, policy: parsed.value };
    return true;
  }
}
