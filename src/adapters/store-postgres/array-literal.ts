/**
 * Encodes a column of values as a PostgreSQL array literal, for `unnest($1::text[], …)`:
 *
 *   arrayLiteral(['a', 'say "hi"', null]) // '{"a","say \"hi\"",NULL}'
 *   arrayLiteral([1, 2, null])             // '{1,2,NULL}'
 *
 * pg would encode a JS array itself, but it inspects and converts every element recursively and
 * runs two regular expressions over every string; identifiers and numbers rarely need escaping, so
 * checking first halves the cost of the dozen columns a batch sends. Long strings full of quotes
 * (event bodies) are cheaper still as JSON: see `INGEST_SQL.claimEvents`.
 * Strings are always quoted (so `NULL`, empty strings and commas stay literal); inside quotes
 * only `"` and `\` need escaping.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else parts[i] = v.includes('"') || v.includes('\\') ? `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}
