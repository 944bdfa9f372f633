// Close watches of the replicas phases, finer than the probes' 250 ms: when each api reports
// the payments breaker open, and when a killed worker's captures are all confirmed.
import type { BreakerState } from '../../libs/resilience/src/core/index.js';
import type { ResilienceHealthView } from '@carta/resilience/terminus';
import { PAYMENTS } from '../../apps/api/src/resilience/dependency-policies.js';
import type { BreakersFinding } from './replica-hands.js';
import type { ShopControl } from './shop.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// A breaker that has opened: open, probing (half-open) or held open by an operator.
const OPENED: readonly BreakerState[] = ['open', 'half_open', 'forced_open'];

/** The payments breaker's state as one api reports it; null when it does not answer. */
export async function paymentsState(apiUrl: string): Promise<BreakerState | null> {
  try {
    const response = await fetch(`${apiUrl}/health/dependencies`, { signal: AbortSignal.timeout(500) });
    const body = (await response.json()) as Partial<ResilienceHealthView>;
    return (body.dependencies?.[PAYMENTS]?.state as BreakerState | undefined) ?? null;
  } catch {
    return null;
  }
}

/**
 * Polls every api's /health/dependencies every 50 ms until each has reported the payments
 * breaker opened (or `timeoutMs`), then reads how many failed calls payments answered since
 * its stats were reset (just before the fault).
 */
export async function watchBreakersOpen({
  apiUrls,
  control,
  now,
  timeoutMs,
}: {
  apiUrls: readonly string[];
  control: ShopControl;
  now: () => number;
  timeoutMs: number;
}): Promise<BreakersFinding> {
  const openAt: (number | null)[] = apiUrls.map(() => null);
  const deadline = now() + timeoutMs;
  while (openAt.includes(null) && now() < deadline) {
    const t = now();
    const states = await Promise.all(apiUrls.map(paymentsState));
    states.forEach((state, i) => {
      if (openAt[i] === null && state !== null && OPENED.includes(state)) openAt[i] = t;
    });
    if (openAt.includes(null)) await sleep(Math.max(0, t + 50 - now()));
  }
  const paymentsCalls = openAt.includes(null)
    ? null
    : (await control.paymentsStats()).outcomes.injected_failure;
  return { openAt, paymentsCalls };
}

/** Resolves with the drill ms at which every order of `orderIds` was confirmed, or null at `timeoutMs`. */
export async function watchConfirmed({
  orderIds,
  control,
  now,
  timeoutMs,
}: {
  orderIds: readonly string[];
  control: ShopControl;
  now: () => number;
  timeoutMs: number;
}): Promise<number | null> {
  const deadline = now() + timeoutMs;
  let open = [...orderIds];
  while (now() < deadline) {
    try {
      const orders = await control.orders(open);
      open = open.filter((id) => orders.get(id)?.status !== 'confirmed');
    } catch {
      // Redis unreachable for a moment: ask again.
    }
    if (open.length === 0) return now();
    await sleep(250);
  }
  return null;
}
