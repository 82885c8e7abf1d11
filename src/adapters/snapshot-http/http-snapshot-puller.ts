import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { limits } from '../../core/limits.ts';
import type { PulledSnapshot, SnapshotPuller, SnapshotTarget } from '../../ports/snapshot-puller.ts';

/** Counts bytes through a stream and fails it past the cap, so a runaway source cannot fill memory. */
async function* capped(body: AsyncIterable<Uint8Array>, url: string): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > limits.reconciliationPullBytesMax) throw new Error(`snapshot from ${url} exceeds ${limits.reconciliationPullBytesMax} bytes`);
    yield chunk;
  }
}

/**
 * Pulls a snapshot with one HTTP GET (`fetch`, Node 20). A non-2xx answer or a timeout before the
 * headers is an error (the schedule logs it and tries again at the next due time); a CSV body is
 * streamed, a JSON body is parsed whole (it is bounded by the same byte cap).
 */
export class HttpSnapshotPuller implements SnapshotPuller {
  constructor(private readonly timeoutMs: number = limits.connectorTimeoutMsMax) {}

  async pull(target: SnapshotTarget): Promise<PulledSnapshot> {
    const response = await fetch(target.url, {
      headers: { accept: target.format === 'csv' ? 'text/csv' : 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw new Error(`GET ${target.url} answered ${response.status}`);
    }
    const stream = Readable.from(capped(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), target.url));
    if (target.format === 'csv') return { kind: 'csv', stream };
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    return { kind: 'json', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  }
}
