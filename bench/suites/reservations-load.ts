import { Agent, request } from 'node:http';
import type { Progress } from '../bench-result.ts';

/** What one reservation load run saw: wall time and the answers by status. */
export type ReservationLoadResult = {
  readonly seconds: number;
  readonly created: number;
  readonly refused: number;
  readonly other: number;
  readonly firstOther: string | null;
};

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
 * `POST /v1/reservations` for n = from … from + count − 1 over `connections` keep-alive sockets,
 * closed loop (each connection sends its next request when the previous one is answered), each
 * with its own `Idempotency-Key` (`key(n)`). Bodies are serialised before the clock starts.
 * Answers: 201 created, 409 refused (no stock), anything else counted and the first kept.
 */
export async function postReservations(
  url: string,
  range: { readonly from: number; readonly count: number },
  options: { connections: number; authorization: string; body: (n: number) => object; key: (n: number) => string; progress: Progress },
): Promise<ReservationLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(url);
  const bodies = Array.from({ length: range.count }, (_, i) => Buffer.from(JSON.stringify(options.body(range.from + i))));
  try {
    let next = 0;
    let created = 0;
    let refused = 0;
    let other = 0;
    let firstOther: string | null = null;
    const started = performance.now();
    const connection = async () => {
      while (next < bodies.length) {
        const i = next++;
        const headers = { authorization: options.authorization, 'idempotency-key': options.key(range.from + i) };
        const { status, text } = await post(agent, target, bodies[i] as Buffer, headers);
        if (status === 201) created++;
        else if (status === 409) refused++;
        else {
          other++;
          firstOther ??= `${status} ${text.slice(0, 200)}`;
        }
        if (next % 500 === 0) options.progress(`${next}/${bodies.length} reservations`);
      }
    };
    await Promise.all(Array.from({ length: options.connections }, connection));
    return { seconds: (performance.now() - started) / 1000, created, refused, other, firstOther };
  } finally {
    agent.destroy();
  }
}
