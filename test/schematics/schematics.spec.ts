import { join } from 'node:path';
import * as prettier from 'prettier';
import { nestMonorepo, nestNewApp } from './support/nest-app.tree.js';
import {
  buildCollection,
  cliOptions,
  REPO_ROOT,
  type BuiltCollection,
  type Files,
} from './support/schematics-runner.js';

// The Nest CLI runs schematics as `schematics @carta/resilience:<name> --source-root=...`; the
// runner feeds the same options to the collection as it ships (CommonJS, built by tsc).
let collection: BuiltCollection;

beforeAll(async () => {
  collection = await buildCollection();
});

afterAll(async () => {
  await collection.dispose();
});

const nestAdd = (files: Files, options: object = { sourceRoot: 'src' }) =>
  collection.run('nest-add', options, files);
const generate = (schematic: string, name: string, files: Files, options: Record<string, unknown> = {}) =>
  collection.run(schematic, cliOptions(name, options), files);
const withResilience = () => nestAdd(nestNewApp());

describe('nest add @carta/resilience', () => {
  it('adds ResilienceModule.forRoot({ isGlobal: true, policies }) to the root module imports, with its import', async () => {
    const module = (await withResilience())['src/app.module.ts'];
    expect(module).toContain(
      "import { Module } from '@nestjs/common';\nimport { APP_INTERCEPTOR } from '@nestjs/core';\n" +
        "import { DeadlineInterceptor, ResilienceModule } from '@carta/resilience';\n" +
        "import { AppController } from './app.controller.js';",
    );
    expect(module).toContain('  imports: [\n    ResilienceModule.forRoot({\n      isGlobal: true,\n');
    expect(module).toMatch(/ {6}policies: \{\n( {8}\/\/.*\n)+ {6}\},\n {4}\}\),\n {2}\],\n/);
  });

  it('comments an example policy showing each option at its default', async () => {
    const module = (await withResilience())['src/app.module.ts'];
    for (const option of [
      'failureThreshold: 5,',
      'resetTimeoutMs: 10_000,',
      'halfOpenMaxCalls: 1,',
      'successThreshold: 1,',
      'maxAttempts: 3,',
      "backoff: 'exponential',",
      'baseDelayMs: 100,',
      'maxDelayMs: 5_000,',
      'budget: { maxTokens: 10, tokenRatio: 0.1 },',
      'timeoutMs: 2_000,',
      'maxConcurrent: 10,',
      'maxQueue: 0,',
    ]) {
      expect(module).toMatch(new RegExp(`// +${option.replace(/[{}()]/g, '\\$&')} // \\w`));
    }
  });

  it('registers DeadlineInterceptor as APP_INTERCEPTOR in the root module providers', async () => {
    const module = (await withResilience())['src/app.module.ts'];
    expect(module).toContain(
      '  providers: [\n    AppService,\n    { provide: APP_INTERCEPTOR, useClass: DeadlineInterceptor },\n  ],\n',
    );
  });

  it('changes nothing when run a second time', async () => {
    const once = await withResilience();
    const before = once['src/app.module.ts'];
    const twice = await nestAdd(once);
    expect(twice['src/app.module.ts']).toBe(before);
  });

  it('adds APP_INTERCEPTOR to an existing @nestjs/core import', async () => {
    const app = nestNewApp({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppGuard } from './app.guard.js';

@Module({
  providers: [{ provide: APP_GUARD, useClass: AppGuard }],
})
export class AppModule {}
`,
    });
    const module = (await nestAdd(app))['src/app.module.ts'];
    expect(module).toContain("import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';");
    expect(module).toContain(
      '  providers: [\n    { provide: APP_GUARD, useClass: AppGuard },\n' +
        '    { provide: APP_INTERCEPTOR, useClass: DeadlineInterceptor },\n  ],\n',
    );
  });

  it('adds no second ResilienceModule when another module of the app already calls forRoot', async () => {
    const app = nestNewApp({
      'src/core/core.module.ts': `import { Module } from '@nestjs/common';
import { ResilienceModule } from '@carta/resilience';

@Module({
  imports: [ResilienceModule.forRoot({ isGlobal: true, policies: {} })],
})
export class CoreModule {}
`,
    });
    const module = (await nestAdd(app))['src/app.module.ts'];
    expect(module).not.toContain('ResilienceModule');
    expect(module).toContain('useClass: DeadlineInterceptor');
  });

  it('sets up the --project app of a monorepo in the module its main.ts bootstraps', async () => {
    const tree = await nestAdd(nestMonorepo(), { project: 'api' });
    expect(tree['apps/api/src/api.module.ts']).toContain('ResilienceModule.forRoot({');
    expect(tree['apps/demo/src/app.module.ts']).not.toContain('ResilienceModule');
  });

  it('fails naming the root module it expected when the source root has none', async () => {
    const app = nestNewApp({ 'src/app.module.ts': null, 'src/main.ts': null });
    await expect(nestAdd(app)).rejects.toThrow('No root module in src: expected src/app.module.ts');
  });
});

describe('nest g -c @carta/resilience client', () => {
  it('creates <name>.client.ts, <name>.policy.ts and <name>.client.spec.ts in <sourceRoot>/<name>/', async () => {
    const tree = await generate('client', 'payments', await withResilience());
    expect(
      Object.keys(tree)
        .filter((file) => file.startsWith('src/payments/'))
        .sort(),
    ).toEqual([
      'src/payments/payments.client.spec.ts',
      'src/payments/payments.client.ts',
      'src/payments/payments.policy.ts',
    ]);
  });

  it('generates a @Resilient client that reads PAYMENTS_URL and calls GET /status through deadlineFetch', async () => {
    const client = (await generate('client', 'payments', await withResilience()))[
      'src/payments/payments.client.ts'
    ];
    expect(client).toContain("import { Fallback, Resilient } from '@carta/resilience';");
    expect(client).toContain("import { deadlineFetch } from '@carta/resilience/http';");
    expect(client).toContain("export const PAYMENTS_BASE_URL_ENV = 'PAYMENTS_URL';");
    expect(client).toContain("@Resilient('payments')\n@Injectable()\nexport class PaymentsClient {");
    expect(client).toContain('const baseUrl = process.env[PAYMENTS_BASE_URL_ENV];');
    expect(client).toContain(
      "@Fallback('getStatusFallback')\n  async getStatus(): Promise<PaymentsStatus> {",
    );
    expect(client).toContain('throw new PaymentsRequestError(response.status, url);');
    expect(client).toContain('export class PaymentsRequestError extends Error {');
  });

  it('reads the base URL from the variable --base-url-env names', async () => {
    const tree = await generate('client', 'payments', await withResilience(), { baseUrlEnv: 'BILLING_API' });
    expect(tree['src/payments/payments.client.ts']).toContain(
      "export const PAYMENTS_BASE_URL_ENV = 'BILLING_API';",
    );
  });

  it('rejects a --base-url-env that is not an environment variable name', async () => {
    await expect(
      generate('client', 'payments', await withResilience(), { baseUrlEnv: 'billing-api' }),
    ).rejects.toThrow('must match pattern');
  });

  it('registers the policy in forRoot policies and the client in the root module providers, with .js imports', async () => {
    const module = (await generate('client', 'payments', await withResilience()))['src/app.module.ts'];
    expect(module).toContain(
      "import { paymentsPolicy } from './payments/payments.policy.js';\n" +
        "import { PaymentsClient } from './payments/payments.client.js';\n",
    );
    expect(module).toMatch(/ {8}\/\/ \},\n {8}payments: paymentsPolicy,\n {6}\},\n/);
    expect(module).toContain(
      '    { provide: APP_INTERCEPTOR, useClass: DeadlineInterceptor },\n    PaymentsClient,\n  ],\n',
    );
  });

  it('registers the client in the module nearest to it, and the policy where forRoot is', async () => {
    const app = {
      ...(await withResilience()),
      'src/billing/billing.module.ts':
        "import { Module } from '@nestjs/common';\n\n@Module({})\nexport class BillingModule {}\n",
    };
    const tree = await generate('client', 'payments', app, { path: 'billing' });
    expect(tree['src/billing/billing.module.ts']).toBe(
      "import { Module } from '@nestjs/common';\nimport { PaymentsClient } from './payments/payments.client.js';\n\n" +
        '@Module({ providers: [PaymentsClient] })\nexport class BillingModule {}\n',
    );
    const root = tree['src/app.module.ts'];
    expect(root).toContain("import { paymentsPolicy } from './billing/payments/payments.policy.js';");
    expect(root).not.toContain('PaymentsClient');
  });

  it('writes no spec with --no-spec', async () => {
    const tree = await generate('client', 'payments', await withResilience(), { spec: false });
    expect(Object.keys(tree)).toContain('src/payments/payments.client.ts');
    expect(Object.keys(tree)).not.toContain('src/payments/payments.client.spec.ts');
  });

  it('names the spec with --spec-file-suffix', async () => {
    const tree = await generate('client', 'payments', await withResilience(), { specFileSuffix: 'test' });
    expect(Object.keys(tree)).toContain('src/payments/payments.client.test.ts');
  });

  it('writes into the path itself with --flat', async () => {
    const tree = await generate('client', 'payments', await withResilience(), { flat: true });
    expect(Object.keys(tree)).toContain('src/payments.client.ts');
    expect(tree['src/app.module.ts']).toContain("import { PaymentsClient } from './payments.client.js';");
  });

  it('writes under the source root joined with --path, folders in the name included', async () => {
    const tree = await generate('client', 'billing/payments', await withResilience(), {
      path: 'integrations',
    });
    expect(Object.keys(tree)).toContain('src/integrations/billing/payments/payments.client.ts');
    expect(Object.keys(tree)).toContain('src/integrations/billing/payments/payments.policy.ts');
  });

  it('writes into the --project app of a monorepo and registers there', async () => {
    const monorepo = await nestAdd(nestMonorepo(), { project: 'api' });
    const tree = await generate('client', 'payments', monorepo, { project: 'api', sourceRoot: undefined });
    expect(Object.keys(tree)).toContain('apps/api/src/payments/payments.client.ts');
    const apiModule = tree['apps/api/src/api.module.ts'];
    expect(apiModule).toContain('payments: paymentsPolicy,');
    expect(apiModule).toContain('PaymentsClient,\n  ],');
    expect(tree['apps/demo/src/app.module.ts']).not.toContain('Payments');
  });

  it('turns PaymentGateway into payment-gateway files, PaymentGatewayClient and a quoted policy key', async () => {
    const tree = await generate('client', 'PaymentGateway', await withResilience());
    const client = tree['src/payment-gateway/payment-gateway.client.ts'];
    expect(client).toContain(
      "@Resilient('payment-gateway')\n@Injectable()\nexport class PaymentGatewayClient {",
    );
    expect(client).toContain("export const PAYMENT_GATEWAY_BASE_URL_ENV = 'PAYMENT_GATEWAY_URL';");
    expect(tree['src/payment-gateway/payment-gateway.policy.ts']).toContain(
      "export const PAYMENT_GATEWAY_POLICY = 'payment-gateway';\n",
    );
    expect(tree['src/app.module.ts']).toContain("'payment-gateway': paymentGatewayPolicy,");
  });

  it('rejects a name that cannot become a class and a file name', async () => {
    await expect(generate('client', '2fa', await withResilience())).rejects.toThrow('Invalid name "2fa"');
  });

  it('runs the files it writes and changes through Prettier, with the config it resolves, with --format', async () => {
    const app = await withResilience();
    const name = 'international-payment-gateway-service';
    const written = await generate('client', name, app);
    const formatted = await generate('client', name, app, { format: true });
    const changed = Object.keys(formatted).filter((path) => formatted[path] !== app[path]);
    for (const path of changed) {
      // The schematics run with the repository as working directory: its .prettierrc.json applies.
      const config = await prettier.resolveConfig(join(REPO_ROOT, path));
      expect(formatted[path]).toBe(await prettier.format(written[path], { ...config, filepath: path }));
    }
    expect(changed.some((path) => formatted[path] !== written[path])).toBe(true);
  });

  it('imports without the .js suffix in a CommonJS project', async () => {
    const app = await nestAdd(nestNewApp({ 'package.json': '{ "name": "demo" }' }));
    const tree = await generate('client', 'payments', app);
    expect(tree['src/app.module.ts']).toContain(
      "import { PaymentsClient } from './payments/payments.client';",
    );
    expect(tree['src/payments/payments.client.spec.ts']).toContain("from './payments.client';");
  });

  it('fails, telling to run nest add first, when no module calls ResilienceModule.forRoot', async () => {
    await expect(generate('client', 'payments', nestNewApp())).rejects.toThrow(
      'No ResilienceModule.forRoot({ policies: { ... } }) in the modules of src: run `nest add @carta/resilience` first',
    );
  });

  it('touches no module with --skip-import', async () => {
    const app = await withResilience();
    const before = app['src/app.module.ts'];
    const tree = await generate('client', 'payments', app, { skipImport: true });
    expect(Object.keys(tree)).toContain('src/payments/payments.client.ts');
    expect(tree['src/app.module.ts']).toBe(before);
  });
});

describe('nest g -c @carta/resilience policy', () => {
  it('creates <name>.policy.ts with the documented defaults, one comment each', async () => {
    const policy = (await generate('policy', 'orders', await withResilience()))[
      'src/orders/orders.policy.ts'
    ];
    expect(policy).toContain("import type { PolicyConfig } from '@carta/resilience';");
    expect(policy).toContain("export const ORDERS_POLICY = 'orders';");
    expect(policy).toContain('export const ordersPolicy: PolicyConfig = {');
    const options = policy.split('\n').filter((line) => /^ +\w+: (?!\{$)/.test(line));
    expect(options.length).toBe(12);
    for (const line of options) expect(line).toMatch(/, \/\/ \w/);
  });

  it('registers the policy in forRoot policies', async () => {
    const module = (await generate('policy', 'orders', await withResilience()))['src/app.module.ts'];
    expect(module).toContain('        orders: ordersPolicy,\n      },\n');
    expect(module).toContain("import { ordersPolicy } from './orders/orders.policy.js';");
  });

  it('writes into the path itself with --flat and under --path', async () => {
    const flat = await generate('policy', 'orders', await withResilience(), { flat: true, path: 'shop' });
    expect(Object.keys(flat)).toContain('src/shop/orders.policy.ts');
  });

  it('finds forRoot in a module other than the root one', async () => {
    const app = nestNewApp({
      'src/core/core.module.ts': `import { Module } from '@nestjs/common';
import { ResilienceModule } from '@carta/resilience';

@Module({
  imports: [ResilienceModule.forRoot({ policies: {} })],
})
export class CoreModule {}
`,
    });
    const module = (await generate('policy', 'orders', app))['src/core/core.module.ts'];
    expect(module).toContain('ResilienceModule.forRoot({ policies: { orders: ordersPolicy } })');
    expect(module).toContain("import { ordersPolicy } from '../orders/orders.policy.js';");
  });

  it('warns and leaves the module as it is when the policies are built in code (forRootAsync)', async () => {
    const source = `import { Module } from '@nestjs/common';
import { ResilienceModule } from '@carta/resilience';
import { policiesFromConfig } from './policies.js';

@Module({
  imports: [ResilienceModule.forRootAsync({ useFactory: () => ({ policies: policiesFromConfig() }) })],
})
export class AppModule {}
`;
    const tree = await generate('policy', 'orders', nestNewApp({ 'src/app.module.ts': source }));
    expect(tree['src/app.module.ts']).toBe(source);
    expect(collection.warnings).toEqual([
      expect.stringContaining(
        "Add `orders: ordersPolicy` to them, with import { ordersPolicy } from './orders/orders.policy.js'.",
      ),
    ]);
  });

  it('leaves a policy already registered under the name as it is', async () => {
    const first = await generate('policy', 'orders', await withResilience());
    const module = first['src/app.module.ts'];
    const second = await generate('policy', 'orders', first, { path: 'shop' });
    expect(second['src/app.module.ts']).toBe(module);
    expect(collection.warnings).toEqual([expect.stringContaining('policies already has "orders"')]);
  });

  it('fails, telling to run nest add first, when no module calls ResilienceModule.forRoot', async () => {
    await expect(generate('policy', 'orders', nestNewApp())).rejects.toThrow(
      'run `nest add @carta/resilience` first',
    );
  });
});
