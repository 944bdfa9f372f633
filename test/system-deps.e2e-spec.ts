import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The real script, run by the real bash against a PATH holding only stubs: every command it runs
// (apt-get, id, uname, the binaries it looks for) is a stub that appends its argv to a log, so
// each decision is seen without touching this machine.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = join(ROOT, 'scripts', 'system-deps.sh');
const INSTALL = 'apt-get install -y --no-install-recommends';

/** Where a real command lives; the stubs' PATH has none. */
function realPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} is not on PATH`);
}
const BASH = realPath('bash');
const CHMOD = realPath('chmod');

/** A PATH of stubs and the log they write. */
interface Machine {
  bin: string;
  run(
    args: string[],
    env?: Record<string, string>,
  ): { status: number | null; stdout: string; stderr: string };
  /** Every stub call so far, one `name args...` line each (apt-get adds its DEBIAN_FRONTEND). */
  calls(): Promise<string[]>;
  has(binary: string): boolean;
}

interface MachineOptions {
  /** Binaries already installed. */
  installed?: string[];
  /** What `id -u` prints. @default '0' */
  uid?: string;
  /** Whether apt-get exists. @default true */
  apt?: boolean;
  /** What `uname -s` prints. @default 'Linux' */
  os?: string;
  /** Exit status of `apt-get update` / `apt-get install`. @default 0 */
  aptUpdateStatus?: number;
  aptInstallStatus?: number;
  /** Packages `apt-get install` pretends to install without putting a binary on PATH. */
  installsNothingFor?: string[];
}

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function machine(options: MachineOptions = {}): Promise<Machine> {
  const dir = await mkdtemp(join(tmpdir(), 'carta-system-deps-'));
  dirs.push(dir);
  const bin = join(dir, 'bin');
  const log = join(dir, 'calls.log');
  await writeFile(log, '');
  await mkdir(bin);
  const stub = async (name: string, body: string): Promise<void> => {
    const file = join(bin, name);
    await writeFile(file, `#!${BASH}\necho "${name} $*" >> "${log}"\n${body}\n`);
    await chmod(file, 0o755);
  };
  for (const binary of options.installed ?? []) await stub(binary, 'exit 0');
  await stub('id', `[ "$1" = -u ] && echo ${options.uid ?? '0'}`);
  await stub('uname', `echo ${options.os ?? 'Linux'}`);
  if (options.apt ?? true) {
    const skipped = (options.installsNothingFor ?? []).join(' ');
    await stub(
      'apt-get',
      [
        `if [ "$1" = update ]; then exit ${options.aptUpdateStatus ?? 0}; fi`,
        `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> "${log}"`,
        `[ ${options.aptInstallStatus ?? 0} = 0 ] || exit ${options.aptInstallStatus ?? 0}`,
        // Installing a package puts its binary on PATH, as the Debian packages do.
        `for package in "\${@:4}"; do`,
        `  case " ${skipped} " in *" $package "*) continue ;; esac`,
        `  printf '#!${BASH}\\nexit 0\\n' > "${bin}/$package"`,
        `  ${CHMOD} 755 "${bin}/$package"`,
        `done`,
      ].join('\n'),
    );
  }
  return {
    bin,
    run: (args, env = {}) => {
      const result = spawnSync(BASH, [SCRIPT, ...args], { env: { PATH: bin, ...env }, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    calls: async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean),
    has: (binary) => existsSync(join(bin, binary)),
  };
}

describe('scripts/system-deps.sh', () => {
  it('runs nothing and prints nothing when every binary is on PATH', async () => {
    const host = await machine({ installed: ['redis-server', 'chromium'] });
    expect(host.run(['redis-server', 'chromium'])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(await host.calls()).toEqual([]);
  });

  it('as root with apt-get, says what it installs, then runs apt-get update once and one apt-get install of the missing packages', async () => {
    const host = await machine();
    const result = host.run(['redis-server', 'chromium']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `installing redis-server and chromium: apt-get update && ${INSTALL} redis-server chromium`,
    );
    expect(await host.calls()).toEqual([
      'id -u',
      'apt-get update',
      `apt-get install -y --no-install-recommends redis-server chromium`,
      'DEBIAN_FRONTEND=noninteractive',
    ]);
    expect([host.has('redis-server'), host.has('chromium')]).toEqual([true, true]);
  });

  it('installs only what is missing', async () => {
    const host = await machine({ installed: ['redis-server'] });
    expect(host.run(['redis-server', 'chromium']).status).toBe(0);
    expect((await host.calls()).filter((call) => call.startsWith('apt-get install'))).toEqual([
      `${INSTALL} chromium`,
    ]);
  });

  it('as another user, prints the sudo apt-get command and exits 1 without running apt-get', async () => {
    const host = await machine({ uid: '1000' });
    const result = host.run(['redis-server', 'chromium']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('redis-server and chromium are not installed');
    expect(result.stderr).toContain(`sudo apt-get update && sudo ${INSTALL} redis-server chromium\n`);
    expect(result.stderr).toContain('Or set CARTA_SKIP_SYSTEM_DEPS=1 if you install them some other way.');
    expect(await host.calls()).toEqual(['id -u']);
  });

  it('on macOS (no apt-get), prints the brew commands and exits 1', async () => {
    const host = await machine({ apt: false, os: 'Darwin' });
    const result = host.run(['redis-server', 'chromium']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('\n  brew install redis && brew install --cask chromium\n');
    expect(await host.calls()).toEqual(['uname -s']);
  });

  it('elsewhere without apt-get, names the missing binaries and the Debian packages and exits 1', async () => {
    const host = await machine({ apt: false, os: 'Linux' });
    const result = host.run(['redis-server']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "redis-server is not installed, and this command needs it. Install with your system's package manager",
    );
    expect(result.stderr).toContain(`sudo ${INSTALL} redis-server\n`);
  });

  it('exits 1 and installs nothing when apt-get update fails', async () => {
    const host = await machine({ aptUpdateStatus: 100 });
    const result = host.run(['redis-server']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('apt-get update failed (exit 100), so nothing was installed');
    expect(await host.calls()).toEqual(['id -u', 'apt-get update']);
  });

  it('exits 1 naming the command when apt-get install fails', async () => {
    const host = await machine({ aptInstallStatus: 100 });
    const result = host.run(['redis-server', 'chromium']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `apt-get install failed (exit 100) for: ${INSTALL} redis-server chromium`,
    );
  });

  it('exits 1 when apt-get succeeds but the binary is still not on PATH', async () => {
    const host = await machine({ installsNothingFor: ['chromium'] });
    const result = host.run(['redis-server', 'chromium']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('"chromium" is still not on PATH');
  });

  it('checks nothing when CARTA_SKIP_SYSTEM_DEPS=1', async () => {
    const host = await machine();
    expect(host.run(['redis-server', 'chromium'], { CARTA_SKIP_SYSTEM_DEPS: '1' })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(await host.calls()).toEqual([]);
  });

  it('checks nothing when the --unless-set variable is set (npm start with REDIS_URL)', async () => {
    const host = await machine();
    const args = ['--unless-set', 'REDIS_URL', 'redis-server'];
    expect(host.run(args, { REDIS_URL: 'redis://10.0.0.5:6379' })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(await host.calls()).toEqual([]);
  });

  it('installs as usual when the --unless-set variable is unset, and names it in the manual instructions', async () => {
    const root = await machine();
    expect(root.run(['--unless-set', 'REDIS_URL', 'redis-server']).status).toBe(0);
    expect(await root.calls()).toContain(`${INSTALL} redis-server`);
    const user = await machine({ uid: '1000' });
    expect(user.run(['--unless-set', 'REDIS_URL', 'redis-server']).stderr).toContain(
      'Or set REDIS_URL, and this command needs nothing installed.',
    );
  });

  it('uses the Chromium that CHROMIUM names instead of installing one', async () => {
    const host = await machine({ installed: ['redis-server', 'my-chromium'] });
    expect(host.run(['redis-server', 'chromium'], { CHROMIUM: join(host.bin, 'my-chromium') })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(await host.calls()).toEqual([]);
  });

  it('exits 1 without installing when CHROMIUM names no executable', async () => {
    const host = await machine({ installed: ['redis-server'] });
    const result = host.run(['chromium'], { CHROMIUM: '/nonexistent/chromium' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CHROMIUM=/nonexistent/chromium is not an executable');
    expect(await host.calls()).toEqual([]);
  });

  it.each([
    [[], 'usage: bash scripts/system-deps.sh'],
    [['nginx'], 'no package is known for "nginx"'],
    [['--unless-set'], 'usage: bash scripts/system-deps.sh'],
    [['--unless-set', 'not a name', 'redis-server'], 'usage: bash scripts/system-deps.sh'],
  ])('refuses the arguments %j with exit 2 before checking anything', async (args, message) => {
    const host = await machine();
    const result = host.run(args);
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 2,
      stderr: expect.stringContaining(message) as string,
    });
    expect(await host.calls()).toEqual([]);
  });
});

describe('the commands that need system binaries', () => {
  it('npm start, npm run drill and npm test check theirs first, and .ci/run runs the check, npm ci and npm test', async () => {
    const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const ci = (await readFile(join(ROOT, '.ci', 'run'), 'utf8')).split('\n').filter((l) => /^[a-z]/.test(l));
    expect({
      start: scripts.start?.split(' && ')[0],
      drill: scripts.drill?.split(' && ')[0],
      test: scripts.test?.split(' && ')[0],
      ci: ci.slice(-3),
    }).toEqual({
      start: 'bash scripts/system-deps.sh --unless-set REDIS_URL redis-server',
      drill: 'bash scripts/system-deps.sh --unless-set REDIS_URL redis-server',
      test: 'bash scripts/system-deps.sh redis-server chromium',
      ci: ['bash scripts/system-deps.sh redis-server chromium', 'npm ci --no-audit --no-fund', 'npm test'],
    });
  });
});
