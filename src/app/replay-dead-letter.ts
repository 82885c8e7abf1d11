import { type DomainError, domainError } from '../core/errors.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { Store } from '../ports/store.ts';
import type { EventIngestor, Verdict } from './ingest-events.ts';

/**
 * Replays a dead letter through ingestion: its stored body, or `corrected` when the operator fixed
 * the event. Accepted (or found to be a duplicate), the letter is marked replayed in the same
 * transaction; rejected again, it stays pending and no second dead letter is written.
 */
export async function replayDeadLetter(
  store: Store,
  ingestor: EventIngestor,
  id: number,
  corrected: unknown | undefined,
): Promise<Result<Verdict, DomainError>> {
  const letter = await store.deadLetters.get(id);
  if (!letter) return err(domainError('not_found', `no dead letter ${id}`, 'id'));
  if (letter.status === 'replayed') return err(domainError('already_replayed', `dead letter ${id} was already replayed`, 'id'));
  return ok(await ingestor.replay(corrected === undefined ? parseStoredBody(letter.body) : corrected, id));
}

/** Stored bodies are JSON written by ingestion; a body that does not parse is replayed as a string and rejected. */
function parseStoredBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
