import type { z } from 'zod';
import { keySchema, type MasterDataKindSpec } from './master-data-kinds.ts';

/** A row that could not be imported: its line in the file, the field at fault, and why. */
export type RowProblem = { readonly line: number; readonly field: string | null; readonly message: string };

/** A row as read from a file, before validation: its fields, or already a problem (bad CSV, bad cell). */
export type SourceRow = { readonly line: number; readonly fields: Record<string, unknown> } | { readonly line: number; readonly problem: RowProblem };

/** A validated row, ready for the upsert. */
export type ValidRow = { readonly line: number; readonly key: string; readonly value: Record<string, unknown> };

/** The first zod issue as a problem, with the path named the way the file names it (`substitutes.2`). */
function firstIssue(line: number, error: z.ZodError, prefix: string | null): RowProblem {
  const issue = error.issues[0];
  let path = issue ? issue.path.map(String).join('.') : '';
  // An unknown field has an empty path; name the field itself.
  if (issue?.code === 'unrecognized_keys') path = [path, issue.keys.join(', ')].filter(Boolean).join('.');
  const field = prefix === null ? path || null : path ? `${prefix}.${path}` : prefix;
  return { line, field, message: issue?.message ?? 'invalid value' };
}

/**
 * Validates one row against the kind's key rule and its core zod schema (the same schema the
 * HTTP `PUT` uses), so a file cannot store what the API would refuse.
 */
export function validateRow(spec: MasterDataKindSpec, row: SourceRow): ValidRow | RowProblem {
  if ('problem' in row) return row.problem;
  const { [spec.keyField]: rawKey, ...rest } = row.fields;
  if (rawKey === undefined) return { line: row.line, field: spec.keyField, message: 'a value is required' };
  const key = keySchema.safeParse(rawKey);
  if (!key.success) return firstIssue(row.line, key.error, spec.keyField);
  const value = spec.schema.safeParse(rest);
  if (!value.success) return firstIssue(row.line, value.error, null);
  return { line: row.line, key: key.data, value: value.data };
}
