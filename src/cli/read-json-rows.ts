import { readFile, stat } from 'node:fs/promises';
import { CliError } from './cli-error.ts';
import type { SourceRow } from './validate-row.ts';

/** A JSON file is parsed whole; past this size, CSV (which streams) is the format to use. */
const JSON_FILE_BYTES_MAX = 256 * 1024 * 1024;

/**
 * The line on which each top-level element of a JSON array starts, so problems can name a line
 * as they do for CSV. Runs over text that `JSON.parse` already accepted, so it only needs to track
 * strings (with escapes) and nesting depth.
 */
export function arrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (depth === 1 && expectElement && c !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

/** Reads a JSON array of objects; each element is one row, numbered by the line it starts on. */
export async function* readJsonRows(file: string, onElement: (index: number, total: number) => void): AsyncGenerator<SourceRow> {
  if ((await stat(file)).size > JSON_FILE_BYTES_MAX) {
    throw new CliError(`${file} is larger than ${JSON_FILE_BYTES_MAX / 1024 / 1024} MiB`, 'import large files as CSV, which is streamed row by row');
  }
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, 'check the file with a JSON validator, or use --format csv for a CSV file');
  }
  if (!Array.isArray(parsed)) throw new CliError(`${file} must hold a JSON array of records ([ {...}, {...} ])`, null);
  const lines = arrayElementLines(text);
  for (const [index, element] of parsed.entries()) {
    const line = lines[index] ?? 0;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      yield { line, problem: { line, field: null, message: `element ${index + 1} is not an object` } };
    } else {
      yield { line, fields: element as Record<string, unknown> };
    }
    onElement(index + 1, parsed.length);
  }
}
