/**
 * An error for a person at a terminal: what went wrong and what to do next. The CLI prints it
 * without a stack trace and exits with `exitCode`.
 */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    /** The next step, for example the command or option that fixes it. */
    readonly hint: string | null = null,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
