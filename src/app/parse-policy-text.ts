import YAML from 'yaml';
import { type DomainError, domainError } from '../core/errors.ts';
import { parsePolicy } from '../core/policy/parse-policy.ts';
import type { Policy } from '../core/policy/policy-schema.ts';
import { err, type Result } from '../core/result.ts';

/** The field named when the YAML itself is at fault: the document as a whole. */
const DOCUMENT_FIELD = 'document';

/** `Map keys must be unique at line 2, column 1:\n\n<excerpt>` → its first line, without the colon. */
const firstLine = (message: string): string => (message.split('\n')[0] ?? message).replace(/:$/, '');

/**
 * Parses a policy document from YAML text and validates it: a syntax error is one `invalid_policy`
 * naming `document` with its line and column; schema errors are all listed, each naming the
 * dotted path of its field (`channels.marketplace-a.sharePercent`). JSON is YAML, so a JSON
 * document parses too.
 *
 * Duplicate keys are errors (the YAML 1.2 rule the `yaml` package enforces): a file where the
 * second `sharePercent` silently wins is a typo waiting to cost money. Aliases are capped by the
 * package's `maxAliasCount` (100), so a "billion laughs" document fails instead of expanding.
 *
 * @example
 * parsePolicyText('version: 1\nchannels: { web: { sharePercent: 101 } }')
 * // { ok: false, error: [{ code: 'invalid_policy', field: 'channels.web.sharePercent', … }] }
 */
export function parsePolicyText(text: string): Result<Policy, readonly DomainError[]> {
  const doc = YAML.parseDocument(text);
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    return err([domainError('invalid_policy', `${DOCUMENT_FIELD}: YAML syntax error: ${firstLine(syntax.message)}`, DOCUMENT_FIELD)]);
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // Unresolved or excessive aliases are only detected while building the value.
    return err([domainError('invalid_policy', `${DOCUMENT_FIELD}: ${firstLine((error as Error).message)}`, DOCUMENT_FIELD)]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err([domainError('invalid_policy', `${DOCUMENT_FIELD}: a policy is a YAML mapping with at least a version (docs/policy.md)`, DOCUMENT_FIELD)]);
  }
  return parsePolicy(value);
}
