import { type DomainError, domainError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { type Policy, policySchema } from './policy-schema.ts';

/** Errors reported per document: enough to fix a file in one pass, bounded for a hostile one. */
const POLICY_ERRORS_MAX = 50;

/**
 * Validates a parsed policy document (the shell parses the YAML text: the core imports no parser).
 * Every error names the path of the offending field, dotted (`channels.marketplace-1.sharePercent`).
 *
 * @example
 * const r = parsePolicy(YAML.parse(text));
 * if (!r.ok) reply(400, r.error[0]);
 */
export function parsePolicy(value: unknown): Result<Policy, readonly DomainError[]> {
  const parsed = policySchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const errors = parsed.error.issues.slice(0, POLICY_ERRORS_MAX).map((issue) => {
    // An unknown key is the field at fault itself, not its parent object.
    const path = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
    const field = path.map(String).join('.');
    return domainError('invalid_policy', field === '' ? issue.message : `${field}: ${issue.message}`, field === '' ? undefined : field);
  });
  return err(errors);
}
