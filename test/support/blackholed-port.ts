import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** A loopback port that takes no connections, and how to let it go. */
export interface BlackholedPort {
  port: number;
  release(): void;
}

/**
 * A loopback port whose connects hang, as a blackholed host's do: a listener (backlog 1) in a
 * process stopped with SIGSTOP, its accept queue filled, so the kernel leaves further
 * connects unanswered. `release()` kills the process.
 */
export async function blackholedPort(): Promise<BlackholedPort> {
  const listener = spawn(
    process.execPath,
    [
      '-e',
      "require('net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, function () { console.log(this.address().port) })",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const fillers: Socket[] = [];
  const release = (): void => {
    fillers.forEach((socket) => socket.destroy());
    listener.kill('SIGKILL');
  };
  try {
    const [line] = (await once(listener.stdout, 'data')) as [Buffer];
    const port = Number(line.toString().trim());
    listener.kill('SIGSTOP');
    for (let i = 0; i < 4; i++) fillers.push(connect(port, '127.0.0.1').on('error', () => undefined));
    // The accept queue holds backlog + 1: those two connect, the others wait unanswered.
    await Promise.all(fillers.slice(0, 2).map((socket) => once(socket, 'connect')));
    return { port, release };
  } catch (error) {
    release();
    throw error;
  }
}
