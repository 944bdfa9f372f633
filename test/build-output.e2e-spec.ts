import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm test` builds dist/ before Jest runs; this reads what `npm run build` left there.
const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

describe('the build output', () => {
  const files = filesUnder(DIST).filter((file) => file.endsWith('.js'));

  it('holds the apps and libraries it is built from', () => {
    expect(files).toContain('dist/apps/api/src/main.js');
    expect(files).toContain('dist/libs/resilience/src/index.js');
  });

  it('holds no spec, e2e spec or contract suite', () => {
    expect(files.filter((file) => /\.(spec|e2e-spec|contract)\.js$/.test(file))).toEqual([]);
    expect(files.filter((file) => file.startsWith('dist/test/'))).toEqual([]);
  });

  it('holds no module that imports Jest or the test support code', () => {
    const importsTestCode = (file: string): boolean =>
      /from ['"](@jest\/globals|jest|[./]*test\/support\/[^'"]*)['"]/.test(
        readFileSync(join(ROOT, file), 'utf8'),
      );
    expect(files.filter(importsTestCode)).toEqual([]);
  });
});
