import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as prettier from 'prettier';
import { nestNewApp } from './support/nest-app.tree.js';
import {
  buildCollection,
  cliOptions,
  REPO_ROOT,
  type BuiltCollection,
  type Files,
} from './support/schematics-runner.js';

// What `nest add` and `nest g` leave in a `nest new` project must pass the checks that project
// runs: tsc --strict, lint, Prettier with its .prettierrc, and its own tests. The generated files
// are written under .tmp/ with @carta/resilience resolved to the library's sources.
const run = promisify(execFile);

interface Outcome {
  code: number;
  output: string;
}

let collection: BuiltCollection;
let projectDir: string;
let generated: Files;
let checks: { tsc: Promise<Outcome>; eslint: Promise<Outcome>; jest: Promise<Outcome> };

beforeAll(async () => {
  collection = await buildCollection();
  let files = await collection.run('nest-add', { sourceRoot: 'src' }, nestNewApp());
  files = await collection.run('client', cliOptions('payments'), files);
  files = await collection.run('client', cliOptions('PaymentGateway', { path: 'integrations' }), files);
  files = await collection.run('policy', cliOptions('orders'), files);
  generated = files;
  projectDir = await mkdtemp(join(REPO_ROOT, '.tmp', 'schematics-output-'));
  await writeProject(projectDir, files);
  // Independent processes: run them side by side, each test awaits its own.
  checks = {
    tsc: outcomeOf(join(REPO_ROOT, 'node_modules/.bin/tsc'), ['-p', join(projectDir, 'tsconfig.json')]),
    eslint: outcomeOf(
      join(REPO_ROOT, 'node_modules/.bin/eslint'),
      ['--max-warnings', '0', 'src'],
      projectDir,
    ),
    jest: outcomeOf(process.execPath, [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      join(REPO_ROOT, 'node_modules/jest/bin/jest.js'),
      '--roots',
      join(projectDir, 'src'),
      '--coverage=false',
      '--ci',
    ]),
  };
  await Promise.allSettled(Object.values(checks));
});

afterAll(async () => {
  await collection?.dispose();
  if (projectDir) await rm(projectDir, { recursive: true, force: true });
});

describe('the code nest add and nest g generate', () => {
  it('compiles under tsc --strict with the ESM settings of nest new', async () => {
    expect(await checks.tsc).toEqual({ code: 0, output: '' });
  });

  it("is formatted as Prettier formats it with nest new's .prettierrc", async () => {
    const options = { singleQuote: true, trailingComma: 'all' } as const;
    const unformatted: string[] = [];
    for (const [path, content] of Object.entries(generated)) {
      if (!path.endsWith('.ts')) continue;
      if (!(await prettier.check(content, { ...options, filepath: path }))) unformatted.push(path);
    }
    expect(unformatted).toEqual([]);
  });

  it("passes typescript-eslint's recommended rules and no-floating-promises", async () => {
    expect(await checks.eslint).toEqual({ code: 0, output: '' });
  });

  it('has a client spec that passes: the breaker opens and the fallback answers', async () => {
    const { code, output } = await checks.jest;
    expect(output).toContain('Tests:       4 passed, 4 total');
    expect(code).toBe(0);
  });
});

async function writeProject(dir: string, files: Files): Promise<void> {
  const library = (entry: string) => [join(REPO_ROOT, 'libs/resilience/src', entry, 'index.ts')];
  const tsconfig = {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'ES2023',
      // The library's sources are compiled along; they are written for Node's globals, not the DOM's.
      lib: ['es2023'],
      strict: true,
      noEmit: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      isolatedModules: true,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node', 'jest'],
      paths: {
        '@carta/resilience': library(''),
        '@carta/resilience/http': library('http'),
        '@carta/resilience/testing': library('testing'),
      },
    },
    include: ['src'],
  };
  const eslintConfig = `import tseslint from 'typescript-eslint';

export default tseslint.config(...tseslint.configs.recommended, {
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  rules: { '@typescript-eslint/no-floating-promises': 'error' },
});
`;
  const all: Files = {
    ...files,
    'tsconfig.json': JSON.stringify(tsconfig, null, 2),
    'eslint.config.mjs': eslintConfig,
  };
  for (const [path, content] of Object.entries(all)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

async function outcomeOf(command: string, args: string[], cwd = REPO_ROOT): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: `${stdout}${stderr}`.trim() };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`.trim() };
  }
}
