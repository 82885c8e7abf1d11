import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { err, type Result } from '../core/result.ts';
import type { ChannelFeedConfig } from '../ports/channel-connector.ts';
import { resolveFeedConfig } from './feed-config.ts';

/**
 * Reads and validates the feeds file at startup (`OMNISTOCK_FEEDS` or `serve --feeds`). YAML
 * (JSON is YAML too). Answers an error message naming the path and every field at fault, for
 * the server to stop with; a feeds file that is wrong must never start a server that silently
 * pushes nothing.
 *
 * Without a feeds file no channel has a feed: the ledger writes no outbox rows for them, and
 * nothing is pushed.
 *
 * @example
 * const r = await loadFeedConfig('demo/feeds.yaml', process.env);
 * if (!r.ok) throw new CliError(r.error, 'fix the field named, or start without --feeds');
 */
export async function loadFeedConfig(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Result<ReadonlyMap<string, ChannelFeedConfig>, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return err(`cannot read the feeds file ${path}: ${(error as Error).message}`);
  }
  const doc = YAML.parseDocument(text);
  const syntax = doc.errors[0];
  if (syntax !== undefined) return err(`the feeds file ${path} is not valid YAML: ${(syntax.message.split('\n')[0] ?? '').replace(/:$/, '')}`);
  const resolved = resolveFeedConfig(doc.toJS(), env);
  if (resolved.ok) return resolved;
  return err(`the feeds file ${path} is invalid: ${resolved.error.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
}
