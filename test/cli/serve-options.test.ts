// How `serve` reads its options (`demo` has its own: demo-process.test.ts): --port over PORT over 8080, host default, --no-demo,
// --policy over OMNISTOCK_POLICY, and a clear error for a port that is not a number.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.ts';
import { runAgainst } from './cli-harness.ts';

const noStore = {} as Store; // serve options are parsed before any store is opened

describe('serve options', () => {
  it('defaults to port 8080 on 0.0.0.0 with the demo', async () => {
    expect((await runAgainst(noStore, ['serve'])).served).toEqual([{ port: 8080, host: '0.0.0.0', demo: true, policyFile: null }]);
  });

  it('takes PORT, and --port over PORT, and --no-demo', async () => {
    expect((await runAgainst(noStore, ['serve'], { PORT: '9090' })).served).toEqual([{ port: 9090, host: '0.0.0.0', demo: true, policyFile: null }]);
    const run = await runAgainst(noStore, ['serve', '--port', '7070', '--host', '127.0.0.1', '--no-demo'], { PORT: '9090' });
    expect(run.served).toEqual([{ port: 7070, host: '127.0.0.1', demo: false, policyFile: null }]);
  });

  it('takes --policy over OMNISTOCK_POLICY', async () => {
    expect((await runAgainst(noStore, ['serve'], { OMNISTOCK_POLICY: 'env.yaml' })).served[0]?.policyFile).toBe('env.yaml');
    expect((await runAgainst(noStore, ['serve', '--policy', 'flag.yaml'], { OMNISTOCK_POLICY: 'env.yaml' })).served[0]?.policyFile).toBe('flag.yaml');
  });

  it('rejects a port that is not a number, naming where it came from', async () => {
    const flag = await runAgainst(noStore, ['serve', '--port', 'http']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/error: --port "http" is not a port number\nnext: use a number from 1 to 65535/);
    const env = await runAgainst(noStore, ['serve'], { PORT: '70000' });
    expect(env.stderr).toMatch(/error: PORT "70000" is not a port number/);
    expect(env.served).toEqual([]);
  });
});
