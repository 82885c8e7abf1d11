/**
 * A failure of the server a simulation drives over HTTP, worded for the person who runs it: what
 * went wrong and what to do (start a server, create a key, use a fresh database). The composition
 * root shows it as a CLI error, without a stack; anything else thrown is a bug.
 */
export class SimulationServerError extends Error {
  override readonly name = 'SimulationServerError';
}
