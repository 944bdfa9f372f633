/** Texts of the embedded Redis's errors. */
export const embeddedRedisMessages = {
  missing: (binary: string) =>
    `"${binary}" was not found. Install Redis (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) or set REDIS_URL to a running Redis.`,
  exited: (code: number | null, output: string) =>
    `redis-server exited with ${code ?? 'a signal'} before it was ready:\n${output.trim()}`,
  notReady: (ms: number, output: string) => `redis-server was not ready within ${ms} ms:\n${output.trim()}`,
};
