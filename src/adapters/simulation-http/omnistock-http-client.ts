import type { z } from 'zod';
import { SimulationServerError } from './simulation-server-error.ts';

/**
 * The longest one request may take. A batch of 1,000 events commits in well under a second on an
 * idle server; a minute leaves room for a busy one without hanging a run forever on a dead socket.
 */
const REQUEST_TIMEOUT_MS = 60_000;
/** Attempts of a request the server answers 503 `overloaded` (its ingest queue is full), the first included. */
const OVERLOADED_ATTEMPTS_MAX = 5;
/** The longest wait between two attempts, whatever `Retry-After` says. */
const RETRY_WAIT_MS_MAX = 5_000;

/** One HTTP answer, the body parsed as JSON (the text itself when it is not JSON, null when empty). */
export type HttpAnswer = { readonly status: number; readonly body: unknown };

/** What a request carries besides its method and path. */
export type RequestOptions = {
  readonly query?: Readonly<Record<string, string>>;
  /** A JSON body. */
  readonly json?: unknown;
  /** A YAML body (`PUT /v1/policies`). */
  readonly yaml?: string;
  readonly headers?: Readonly<Record<string, string>>;
};

/** What to do after an answer that says the request itself was wrong. */
const ADVICE_BY_STATUS: Readonly<Record<number, string>> = {
  401: 'the API key was refused (unknown or revoked): create an admin key with `omnistock keys create --name simulator --scope admin` on the server’s database and pass it with --api-key',
  403: 'the simulator loads master data and the policy, so it needs an admin key: create one with `omnistock keys create --name simulator --scope admin` on the server’s database',
  404: 'the server does not know what was asked: run a server of the same Omnistock version as this CLI, on a fresh database',
};
const ADVICE_4XX = 'the server refused the simulator’s request: run a server of the same Omnistock version as this CLI, on a fresh database';
const ADVICE_5XX = 'the server failed: its log has the cause; start a fresh server and run again';

/**
 * The simulator's client of Omnistock's own HTTP API: bearer key, JSON in and out, a timeout on
 * every request, bounded retries of 503 `overloaded` (nothing was ingested: the queue refused it),
 * and error messages that say what went wrong and what to do. Transport failures throw; any HTTP
 * answer is returned for the caller to read, or turned into an Error by `failure`.
 */
export class OmnistockHttpClient {
  readonly baseUrl: string;

  constructor(
    url: string,
    private readonly apiKey: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.baseUrl = normaliseBaseUrl(url);
  }

  /** One request, retried while the server answers 503; throws only when no answer arrived. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
    for (let attempt = 1; ; attempt++) {
      const response = await this.exchange(method, path, options);
      const text = await response.text();
      if (response.status !== 503 || attempt >= OVERLOADED_ATTEMPTS_MAX) return { status: response.status, body: parseBody(text) };
      await sleep(retryWaitMs(response.headers.get('retry-after'), attempt));
    }
  }

  /** `send`, then the body of the `expected` status read with `schema`; any other answer throws `failure`. */
  async expect<S extends z.ZodType>(method: string, path: string, expected: number, schema: S, options: RequestOptions = {}): Promise<z.infer<S>> {
    const answer = await this.send(method, path, options);
    if (answer.status !== expected) throw this.failure(method, path, answer);
    return this.read(schema, answer, method, path);
  }

  /** The body read with `schema`; a body of another shape means the server is not the Omnistock this CLI knows. */
  read<S extends z.ZodType>(schema: S, answer: HttpAnswer, method: string, path: string): z.infer<S> {
    const parsed = schema.safeParse(answer.body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new SimulationServerError(
      `${method} ${path} at ${this.baseUrl} answered ${answer.status} with an unexpected body (${issue?.path.join('.') || 'body'}: ${issue?.message}): ` +
        'is the server an Omnistock of the same version as this CLI?',
    );
  }

  /** An Error naming the request, the status, the server's code and message, and what to do. */
  failure(method: string, path: string, answer: HttpAnswer): Error {
    const body = errorBody(answer.body);
    const what =
      body === null ? '' : ` ${body.code}: ${body.message}${body.field !== undefined && !body.message.includes(body.field) ? ` (field ${body.field})` : ''}`;
    const advice =
      answer.status === 503
        ? `the server stayed overloaded after ${OVERLOADED_ATTEMPTS_MAX} attempts: run again when it is less busy`
        : (ADVICE_BY_STATUS[answer.status] ?? (answer.status >= 500 ? ADVICE_5XX : ADVICE_4XX));
    return new SimulationServerError(`${method} ${path} at ${this.baseUrl} answered ${answer.status}${what}; ${advice}`);
  }

  private async exchange(method: string, path: string, options: RequestOptions): Promise<Response> {
    const query = options.query === undefined ? '' : `?${new URLSearchParams(options.query as Record<string, string>).toString()}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json', ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.yaml !== undefined) {
      headers['content-type'] = 'application/yaml';
      body = options.yaml;
    }
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    try {
      return await this.fetchFn(`${this.baseUrl}${path}${query}`, { method, headers, signal, redirect: 'error', ...(body !== undefined && { body }) });
    } catch (error) {
      if (signal.aborted) {
        throw new SimulationServerError(
          `${method} ${path} at ${this.baseUrl} got no answer within ${REQUEST_TIMEOUT_MS / 1000} s: the server may be stuck or overloaded; check its log`,
        );
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new SimulationServerError(
        `cannot reach ${this.baseUrl} (${method} ${path}: ${reason}): start it with \`omnistock serve\`, or pass the address it listens on with --url`,
      );
    }
  }
}

/**
 * The base URL without a trailing slash (a path prefix, for a server behind a proxy, is kept).
 * @example normaliseBaseUrl('http://127.0.0.1:8080/') // 'http://127.0.0.1:8080'
 */
export function normaliseBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.search !== '' || parsed.hash !== '') {
    throw new SimulationServerError(
      `--url ${url} is not an http:// or https:// address: pass the one \`omnistock serve\` prints when it starts (for example http://127.0.0.1:8080)`,
    );
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/** `{ code, message, field? }` of an error answer, or null when the body is not one. */
function errorBody(body: unknown): { code: string; message: string; field?: string } | null {
  if (typeof body !== 'object' || body === null) return null;
  const { code, message, field } = body as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return typeof field === 'string' ? { code, message, field } : { code, message };
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `Retry-After` in seconds when given, else a growing pause; never more than `RETRY_WAIT_MS_MAX`. */
function retryWaitMs(retryAfter: string | null, attempt: number): number {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  return Math.min(RETRY_WAIT_MS_MAX, Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 100 * 2 ** attempt);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
