import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// Built by `npm run build` (npm test builds before Jest runs).
const API_MAIN = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist/apps/api/src/main.js');

describe('the api started with an invalid RESILIENCE_* variable', () => {
  it('exits 1 before serving, naming the policy, the option and the variable', async () => {
    const failure = await promisify(execFile)(process.execPath, [API_MAIN], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', RESILIENCE_PAYMENTS_TIMEOUT_MS: '0' },
      timeout: 20_000,
    }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(
      'api: Policy "payments": timeoutMs must be a finite number > 0, got 0 (set by RESILIENCE_PAYMENTS_TIMEOUT_MS).',
    );
    expect(failure?.stdout).not.toContain('api ready');
  });
});
