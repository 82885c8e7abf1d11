import { Agent, request } from 'node:http';
import type { Progress } from './bench-result.ts';

/** What a load run saw: wall time, and every answer's status and accepted-verdict count. */
export type PostLoadResult = { readonly seconds: number; readonly requests: number; readonly non200: number; readonly accepted: number };

const ACCEPTED = '"status":"accepted"';

/** Occurrences of `needle` in `text`: counts verdicts without parsing 500 of them per answer. */
function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

function post(agent: Agent, url: URL, body: Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Posts every body once over `connections` keep-alive sockets, each connection sending its next
 * body as soon as the previous one is answered (closed loop, like `connections` busy clients).
 * Bodies are serialised before the clock starts. A warm-up request per connection opens the
 * sockets first; its bodies are not part of `bodies`.
 */
export async function postAll(
  url: string,
  bodies: readonly Buffer[],
  options: { connections: number; headers: Record<string, string>; warmup?: readonly Buffer[]; progress: Progress },
): Promise<PostLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(url);
  try {
    await Promise.all((options.warmup ?? []).map((body) => post(agent, target, body, options.headers)));
    let next = 0;
    let non200 = 0;
    let accepted = 0;
    const started = performance.now();
    const connection = async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as Buffer;
        const { status, text } = await post(agent, target, body, options.headers);
        if (status !== 200) non200++;
        accepted += occurrences(text, ACCEPTED);
        if (next % 20 === 0) options.progress(`${next}/${bodies.length} requests`);
      }
    };
    await Promise.all(Array.from({ length: options.connections }, connection));
    return { seconds: (performance.now() - started) / 1000, requests: bodies.length, non200, accepted };
  } finally {
    agent.destroy();
  }
}
