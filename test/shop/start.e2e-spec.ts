import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'node:net';

// Built by `npm run build` (npm test builds before Jest runs), as `npm start` runs it.
const START = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'scripts', 'start.js');
const FREE_PORTS = {
  PORT: '0',
  UPSTREAMS_ADMIN_PORT: '0',
  CATALOG_PORT: '0',
  INVENTORY_PORT: '0',
  PAYMENTS_PORT: '0',
};

function run(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [START], { env: { ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return {
    child,
    output: () => output,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
}

async function waitFor(output: () => string, text: string, timeoutMs = 20_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (Date.now() > giveUpAt) throw new Error(`no "${text}" in:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1', () => {
      socket.end();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('npm start (scripts/start.ts)', () => {
  it('starts an embedded Redis, the upstreams and the api, prints the URLs and example curls, and stops everything on SIGINT', async () => {
    const shop = run({ PATH: process.env.PATH ?? '', ...FREE_PORTS });
    await waitFor(shop.output, 'Ctrl-C stops everything.');
    const apiUrl = /api\s+(http:\/\/\S+)/.exec(shop.output())?.[1] as string;
    const redisPort = Number(/redis\s+redis:\/\/127\.0\.0\.1:(\d+) \(embedded/.exec(shop.output())?.[1]);
    expect(shop.output()).toContain('curl -s -X PUT');
    expect(shop.output()).toContain('"mode":"down"');

    expect(await (await fetch(`${apiUrl}/healthz`)).json()).toEqual({ ok: true });
    const checkout = await fetch(`${apiUrl}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `start-${Date.now()}` },
      body: JSON.stringify({ customerId: 'c-1', items: [{ sku: 'MUG-02', quantity: 1 }] }),
    });
    expect(checkout.status).toBe(201);

    shop.child.kill('SIGINT');
    expect(await shop.exited).toBe(0);
    expect(await refused(redisPort)).toBe(true);
  }, 40_000);

  it('names the install command and exits 1 when REDIS_URL is unset and redis-server is missing', async () => {
    const shop = run({ PATH: '/nonexistent', ...FREE_PORTS });
    expect(await shop.exited).toBe(1);
    expect(shop.output()).toContain('apt-get install -y redis-server');
    expect(shop.output()).toContain('REDIS_URL');
  }, 20_000);
});
