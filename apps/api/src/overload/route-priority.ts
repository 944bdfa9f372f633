/**
 * How readily a route is refused when the process is overloaded: `browse` (catalog,
 * inventory) first, `checkout` (placing and following orders) only at a higher level of
 * overload, `never` (probes, metrics, admin) not at all.
 */
export const ROUTE_PRIORITIES = ['browse', 'checkout', 'never'] as const;

/** One of {@link ROUTE_PRIORITIES}. */
export type RoutePriority = (typeof ROUTE_PRIORITIES)[number];

/** The priorities the shedder may refuse, each with thresholds of its own. */
export type SheddablePriority = Exclude<RoutePriority, 'never'>;
