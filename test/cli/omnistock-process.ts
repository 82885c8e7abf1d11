import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real executable, run with node as a user would (no build step: it registers tsx). */
export const BIN = fileURLToPath(new URL('../../bin/omnistock.js', import.meta.url));

/** The environment of a spawned omnistock: the test's, minus anything that could leak in from the shell. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['OMNISTOCK_ADMIN_KEY', 'OMNISTOCK_SQLITE_SYNCHRONOUS', 'PORT']) if (!(name in extra)) delete env[name];
  return env;
}

export type Finished = { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string };

/** Runs `omnistock <args…>` to completion (bounded by `timeoutMs`). */
export function runOmnistock(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A running `omnistock serve`, its output so far, and its exit. */
export type ServeProcess = {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT` as logged by the server. */
  readonly address: string;
  output(): string;
  exited: Promise<Finished>;
};

/**
 * Starts `omnistock serve --port 0` (the OS picks a free port) and resolves once the server has
 * logged its address and `/health` answers 200. Rejects (and kills the child) after `timeoutMs`.
 */
export async function startServe(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const deadline = Date.now() + timeoutMs;
  let address: string | undefined;
  while (Date.now() < deadline && child.exitCode === null) {
    address ??= /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(stdout)?.[1];
    if (
      address &&
      (await fetch(`${address}/health`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    ) {
      return { child, address, output: () => stdout + stderr, exited };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`omnistock serve did not become healthy within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
}
