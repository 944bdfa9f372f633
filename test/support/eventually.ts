/**
 * Polls `check` until it returns without throwing, then returns its value; rethrows its last
 * error after `timeoutMs`. Tests wait for states this way instead of sleeping.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
