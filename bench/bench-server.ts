import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { BenchServerConfig, BenchServerMessage } from './bench-server-process.ts';

/** A server under test in a child process, listening on 127.0.0.1. */
export type BenchServer = { readonly url: string; stop(): Promise<void> };

/**
 * Starts bench-server-process.ts as a child process (the tsx loader is inherited through
 * execArgv) and waits until it listens. Two processes on a 2-core machine: the server gets a core,
 * the load generator in this process the other. `BENCH_SERVER_CPU_PROF=DIR` profiles the server
 * (`node --cpu-prof`), to see where its time goes.
 */
export async function startBenchServer(config: BenchServerConfig): Promise<BenchServer> {
  const profileDir = process.env.BENCH_SERVER_CPU_PROF;
  const execArgv = profileDir ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profileDir}`] : process.execArgv;
  const child = fork(new URL('./bench-server-process.ts', import.meta.url), [JSON.stringify(config)], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`bench server exited with code ${code} before answering`);
  });
  const ready = new Promise<string>((resolve) => {
    child.on('message', (message: BenchServerMessage) => {
      if ('ready' in message) resolve(message.ready);
    });
  });
  const url = await Promise.race([ready, exited]);
  // Once it listens, its exit is expected (stop) and must not surface as an unhandled rejection.
  exited.catch(() => undefined);
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = once(child, 'exit');
      child.send('stop');
      await gone;
    },
  };
}
