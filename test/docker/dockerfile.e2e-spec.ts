import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readDockerFile, ROOT } from './support/docker-paths.js';
import { loadDockerfile, parseCopy, type Stage } from './support/dockerfile.js';
import { DockerIgnore } from './support/dockerignore.js';

const stages = loadDockerfile();
const runtime = stages.at(-1)!;
const ignore = new DockerIgnore(readDockerFile('Dockerfile.dockerignore'));
const instructions = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword);
const filesUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(join(ROOT, path)).isDirectory() ? filesUnder(path) : [path];
  });

describe('docker/Dockerfile', () => {
  it('builds in at least two stages, each on node:20-bookworm-slim or an earlier stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    stages.forEach((stage, index) => {
      expect(['node:20-bookworm-slim', ...stages.slice(0, index).map((s) => s.name)]).toContain(stage.base);
    });
    expect(runtime.base).toBe('node:20-bookworm-slim');
  });

  it('copies --from stages defined before the copy', () => {
    stages.forEach((stage, index) => {
      const earlier = stages.slice(0, index).map((s) => s.name);
      for (const copy of instructions(stage, 'COPY').map(parseCopy)) {
        if (copy.from !== undefined) expect(earlier).toContain(copy.from);
      }
    });
  });

  it('runs the api by default, from a file `npm run build` produces', () => {
    const cmd = JSON.parse(instructions(runtime, 'CMD').at(-1)!.args) as string[];
    expect(cmd).toEqual(['node', 'dist/apps/api/src/main.js']);
    expect(existsSync(join(ROOT, cmd[1]!))).toBe(true);
  });

  it('runs as an unprivileged user, bound to every interface', () => {
    const user = instructions(runtime, 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    expect(
      instructions(runtime, 'ENV')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(/\bHOST=0\.0\.0\.0\b/);
  });

  it('installs only production dependencies in the runtime stage, without running the build again', () => {
    const installs = instructions(runtime, 'RUN').filter((i) => /\bnpm ci\b/.test(i.args));
    expect(installs).toHaveLength(1);
    expect(installs[0]!.args).toMatch(/--omit=dev\b/);
    expect(installs[0]!.args).toMatch(/--ignore-scripts\b/);
    expect(instructions(runtime, 'COPY').map(parseCopy)).toContainEqual(
      expect.objectContaining({ from: 'build', sources: ['/app/dist'] }),
    );
  });

  it('copies package.json into the runtime stage, whose "type": "module" makes node read dist/ as ES modules', () => {
    const sources = instructions(runtime, 'COPY')
      .map(parseCopy)
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources);
    expect(sources).toContain('package.json');
    expect((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { type?: string }).type).toBe(
      'module',
    );
  });

  it('copies from the build context only paths that exist and that the ignore file lets in', () => {
    const sources = stages
      .flatMap((stage) => instructions(stage, 'COPY').map(parseCopy))
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources)
      expect({ source, exists: existsSync(join(ROOT, source)), ignored: ignore.excludes(source) }).toEqual({
        source,
        exists: true,
        ignored: false,
      });
  });
});

describe('docker/Dockerfile.dockerignore', () => {
  it('keeps host artifacts and secrets out of the build context', () => {
    for (const path of [
      'node_modules/fastify/package.json',
      'dist/apps/api/src/main.js',
      'coverage/lcov.info',
      '.git/HEAD',
      '.env',
      'docker/compose.yaml',
      'test/support/shop.fixture.ts',
    ]) {
      expect({ path, ignored: ignore.excludes(path) }).toEqual({ path, ignored: true });
    }
  });

  it('lets in every source file the build compiles, and no test', () => {
    const files = [...filesUnder('apps'), ...filesUnder('libs')];
    const compiled = files.filter((path) => path.endsWith('.ts') && !/\.(e2e-)?spec\.ts$/.test(path));
    expect(compiled.length).toBeGreaterThan(0);
    for (const path of ['package.json', 'package-lock.json', '.swcrc', ...compiled])
      expect({ path, ignored: ignore.excludes(path) }).toEqual({ path, ignored: false });
    for (const path of files.filter((p) => /\.(e2e-)?spec\.ts$/.test(p)))
      expect({ path, ignored: ignore.excludes(path) }).toEqual({ path, ignored: true });
  });
});
