import { Agent, request } from 'node:http';
import type { Progress } from './bench-result.ts';

/** Latency percentiles in milliseconds over the timed requests. */
export type LatencyResult = { readonly requests: number; readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The value at quantile `q` (0..1) of ascending `sorted`, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/**
 * Sequential GETs over one keep-alive socket (a real TCP connection on loopback, so the figure
 * includes the kernel round trip and both HTTP stacks): `warmup` untimed requests, then `requests`
 * timed ones, each sent when the previous answer has arrived. `check` validates every answer
 * body, so a fast error page can never pass for a fast read.
 */
export async function sequentialGetLatency(
  pathOf: (i: number) => string,
  options: {
    baseUrl: string;
    requests: number;
    warmup: number;
    headers: Record<string, string>;
    check: (status: number, body: string) => void;
    progress: Progress;
  },
): Promise<LatencyResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < options.warmup; i++) {
      const { status, text } = await get(agent, new URL(pathOf(i), options.baseUrl), options.headers);
      options.check(status, text);
    }
    const durations: number[] = [];
    for (let i = 0; i < options.requests; i++) {
      const url = new URL(pathOf(options.warmup + i), options.baseUrl);
      const started = performance.now();
      const { status, text } = await get(agent, url, options.headers);
      durations.push(performance.now() - started);
      options.check(status, text);
      if (i % 500 === 0) options.progress(`${i}/${options.requests} requests`);
    }
    durations.sort((a, b) => a - b);
    return { requests: durations.length, p50Ms: quantile(durations, 0.5), p99Ms: quantile(durations, 0.99), maxMs: durations.at(-1) as number };
  } finally {
    agent.destroy();
  }
}
