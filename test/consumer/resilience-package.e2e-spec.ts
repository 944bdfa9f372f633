// @carta/resilience used as a stranger would: the packed tarball installed into an app made by
// `nest new`, set up with `nest add` and `nest g`, built, tested and run against a failing
// dependency. Run it alone with:
//   npm run build && node --experimental-vm-modules node_modules/jest/bin/jest.js test/consumer
// It needs the npm registry (or a warm npm cache) for the app's own dependencies.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eventually } from '../support/eventually.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACK_SCRIPT = join(ROOT, 'dist/scripts/pack-resilience.js');
const run = promisify(execFile);
// About 100 s here with a warm npm cache; the margin is for a cold one.
const SETUP_TIMEOUT_MS = 300_000;

/** Runs a command in `cwd`; a failure carries its output. */
async function sh(cwd: string, command: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false' },
      maxBuffer: 32 * 1024 * 1024,
    });
    return stdout + stderr;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`, { cause: error });
  }
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The dependency that fails: every request gets a 503, and its headers are kept. */
function failingPayments(): { server: Server; requests: IncomingHttpHeaders[] } {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    requests.push(request.headers);
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'unavailable', message: 'payments is down' }));
  });
  return { server, requests };
}

// What the test adds to the generated app, as a user following the README would: a route
// that calls the generated client, and the metrics.
const STATUS_CONTROLLER = `import { Controller, Get } from '@nestjs/common';
import { PaymentsClient } from './payments/payments.client.js';

@Controller('payments')
export class PaymentsStatusController {
  constructor(private readonly payments: PaymentsClient) {}

  @Get('status')
  status() {
    return this.payments.getStatus();
  }
}
`;

async function addRouteAndMetrics(app: string): Promise<void> {
  const file = join(app, 'src/app.module.ts');
  const source = await readFile(file, 'utf8');
  const patched =
    `import { PrometheusModule } from '@willsoto/nestjs-prometheus';\n` +
    `import { ResilienceMetricsModule } from '@carta/resilience/prometheus';\n` +
    `import { PaymentsStatusController } from './payments-status.controller.js';\n` +
    source
      .replace('imports: [', 'imports: [PrometheusModule.register(), ResilienceMetricsModule, ')
      .replace('controllers: [AppController', 'controllers: [AppController, PaymentsStatusController');
  if (!patched.includes('ResilienceMetricsModule, ') || !patched.includes('PaymentsStatusController]'))
    throw new Error(`app.module.ts is not shaped as expected:\n${source}`);
  await writeFile(file, patched);
  await writeFile(join(app, 'src/payments-status.controller.ts'), STATUS_CONTROLLER);
}

/** Each entry point, imported alone in a fresh node, must not load the peers it does not need. */
const ENTRY_POINTS: { entry: string; mustNotLoad: string[] }[] = [
  {
    entry: '@carta/resilience/core',
    mustNotLoad: ['@nestjs/common', '@nestjs/core', 'rxjs', 'prom-client', 'axios'],
  },
  { entry: '@carta/resilience', mustNotLoad: ['prom-client', '@nestjs/terminus', 'axios'] },
  { entry: '@carta/resilience/http', mustNotLoad: ['prom-client', 'axios', '@nestjs/axios'] },
  { entry: '@carta/resilience/testing', mustNotLoad: ['prom-client', 'axios'] },
  { entry: '@carta/resilience/prometheus', mustNotLoad: ['@nestjs/terminus', 'axios'] },
  { entry: '@carta/resilience/terminus', mustNotLoad: ['prom-client', 'axios'] },
];

// A resolve hook that fails the import of any package named in FORBIDDEN.
const LOAD_GUARD = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
  const forbidden = JSON.parse(process.env.FORBIDDEN ?? '[]');
  export async function resolve(specifier, context, next) {
    if (forbidden.includes(specifier)) throw new Error('loaded ' + specifier);
    return next(specifier, context);
  }\`));
`;

describe('@carta/resilience installed from its tarball into a new Nest app', () => {
  let work: string;
  let app: string;
  let tarball: string;
  const payments = failingPayments();
  let shop: ChildProcess | undefined;
  let shopOutput = '';
  let base: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'carta-consumer-'));
    app = join(work, 'shop');
    await sh(ROOT, process.execPath, [
      PACK_SCRIPT,
      '--stage-dir',
      join(work, 'stage'),
      '--pack-destination',
      work,
    ]);
    const version = (
      JSON.parse(await readFile(join(ROOT, 'libs/resilience/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    tarball = join(work, `carta-resilience-${version}.tgz`);
    // The Nest CLI of this repository stands in for `npx @nestjs/cli new`: same version.
    await sh(work, join(ROOT, 'node_modules/.bin/nest'), [
      'new',
      'shop',
      '--skip-install',
      '--skip-git',
      '--package-manager',
      'npm',
    ]);
    // --prefer-offline: what the cache holds (most of Nest, from this repository's own `npm ci`)
    // is taken from it without asking the registry whether it changed: about 12 s of 40 here.
    await sh(app, 'npm', [
      'install',
      '--prefer-offline',
      tarball,
      'prom-client',
      '@willsoto/nestjs-prometheus',
      '@nestjs/terminus',
    ]);
    await sh(app, 'npx', ['nest', 'add', '@carta/resilience', '--skip-install']);
    await sh(app, 'npx', ['nest', 'g', '-c', '@carta/resilience', 'client', 'payments']);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    if (shop && shop.exitCode === null) {
      shop.kill('SIGTERM');
      await new Promise((resolve) => shop?.once('exit', resolve));
    }
    await new Promise((resolve) => payments.server.close(resolve));
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships JavaScript and types for every entry point, and no test code', async () => {
    const listing = (await sh(work, 'tar', ['-tzf', tarball])).split('\n').filter(Boolean);
    for (const entry of ['', 'core/', 'testing/', 'prometheus/', 'terminus/', 'http/']) {
      expect(listing).toContain(`package/dist/${entry}index.js`);
      expect(listing).toContain(`package/dist/${entry}index.d.ts`);
    }
    expect(listing).toEqual(
      expect.arrayContaining([
        'package/package.json',
        'package/README.md',
        'package/LICENSE',
        'package/schematics/collection.json',
      ]),
    );
    expect(listing.filter((file) => /\.(spec|e2e-spec)\.|__tests__|\/test\//.test(file))).toEqual([]);
  });

  it.each(ENTRY_POINTS)(
    'imports $entry alone without loading what it does not need',
    async ({ entry, mustNotLoad }) => {
      await writeFile(join(app, 'load-guard.mjs'), LOAD_GUARD);
      const output = await run(
        process.execPath,
        [
          '--import',
          './load-guard.mjs',
          '--input-type=module',
          '-e',
          `import * as m from '${entry}'; console.log(Object.keys(m).length);`,
        ],
        { cwd: app, env: { ...process.env, FORBIDDEN: JSON.stringify(mustNotLoad) } },
      );
      expect(Number(output.stdout.trim())).toBeGreaterThan(0);
    },
  );

  it('generates code that passes Prettier and ESLint in the new app', async () => {
    const generated = ['src/app.module.ts', 'src/payments'];
    await sh(app, 'npx', ['prettier', '--check', ...generated]);
    const tseslint = join(ROOT, 'node_modules/typescript-eslint/dist/index.js');
    await writeFile(
      join(app, 'eslint.config.mjs'),
      `import tseslint from ${JSON.stringify(tseslint)};\n` +
        `export default tseslint.config(...tseslint.configs.recommendedTypeChecked, {\n` +
        `  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },\n` +
        `});\n`,
    );
    await sh(app, process.execPath, [
      join(ROOT, 'node_modules/eslint/bin/eslint.js'),
      '--max-warnings',
      '0',
      ...generated,
    ]);
  });

  it("passes the generated client's spec under the app's own test runner", async () => {
    const output = await sh(app, 'npx', ['vitest', 'run', 'src/payments']);
    expect(output).toMatch(/Tests\s+\d+ passed/);
  });

  describe('running, with payments failing', () => {
    beforeAll(async () => {
      await addRouteAndMetrics(app);
      // nest build type-checks with the app's strict tsconfig.
      await sh(app, 'npx', ['nest', 'build']);
      await new Promise<void>((resolve) => payments.server.listen(0, '127.0.0.1', resolve));
      const paymentsUrl = `http://127.0.0.1:${(payments.server.address() as AddressInfo).port}`;
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      shop = spawn(process.execPath, ['dist/main.js'], {
        cwd: app,
        env: { PATH: process.env.PATH ?? '', PORT: String(port), PAYMENTS_URL: paymentsUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      shop.stdout?.on('data', (chunk: Buffer) => (shopOutput += chunk.toString()));
      shop.stderr?.on('data', (chunk: Buffer) => (shopOutput += chunk.toString()));
      await eventually(async () => {
        if (shop?.exitCode !== null) throw new Error(`the app exited:\n${shopOutput}`);
        await fetch(`${base}/metrics`);
      }, 20_000);
    }, 60_000);

    it('opens the breaker after the configured failures, then answers from the fallback without calling payments', async () => {
      // The generated policy opens after 5 consecutive failed calls; each call is one failure
      // for the breaker, whatever its retries did.
      const failing: unknown[] = [];
      for (let call = 0; call < 5; call++) {
        const response = await fetch(`${base}/payments/status`);
        expect(response.status).toBe(200);
        failing.push(await response.json());
      }
      const reached = payments.requests.length;
      expect(reached).toBeGreaterThanOrEqual(5);
      for (let call = 0; call < 3; call++) {
        const response = await fetch(`${base}/payments/status`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual(failing[0]);
      }
      expect(failing[0]).toEqual(expect.objectContaining({ available: false }));
      expect(payments.requests).toHaveLength(reached);
    });

    it('sent both deadline headers on every call to payments', () => {
      for (const headers of payments.requests) {
        const remainingMs = Number(headers['x-request-timeout-ms']);
        expect(remainingMs).toBeGreaterThan(0);
        // The attempt's own timeout (2 s in the generated policy) bounds what the next hop gets.
        expect(remainingMs).toBeLessThanOrEqual(2_000);
        expect(Number(headers['x-request-deadline'])).toBeGreaterThan(Date.now() - 60_000);
      }
    });

    it('reports the open breaker in /metrics through @carta/resilience/prometheus', async () => {
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('circuit_breaker_state{service="payments"} 1');
    });
  });
});
