import { spawn, type ChildProcess } from 'node:child_process';

/** A child process that announced it is ready with `<prefix> <json>` on stdout. */
export interface ReadyProcess<T> {
  child: ChildProcess;
  /** The JSON of the ready line. */
  ready: T;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it exited. */
  stop(): Promise<void>;
}

/** Spawns `node <script>` with `env` and resolves once it prints its ready line. */
export function startReadyProcess<T>(
  script: string,
  env: Record<string, string>,
  prefix: string,
  timeoutMs = 20_000,
): Promise<ReadyProcess<T>> {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let buffer = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} printed no "${prefix}" line within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      buffer += text;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (!line.startsWith(`${prefix} `)) continue;
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(line.slice(prefix.length + 1)) as T, output: () => output, stop });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}
