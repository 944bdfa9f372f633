import type { RouteName } from './http-routes.js';
import type { SubjectName } from './http-subjects.js';

/** One load of the plan. */
export interface PlannedLoad {
  /** 0 is the warm-up pass (not measured); measured rounds count from 1. */
  round: number;
  route: RouteName;
  subject: SubjectName;
}

/**
 * The order of the loads: a warm-up pass, then each round loads every route on every subject
 * once, route after route. The subjects' order turns by one each round, so no subject always
 * runs first (on a cold cache) or right after the same neighbour.
 */
export function loadPlan({
  routes,
  subjects,
  rounds,
}: {
  routes: readonly RouteName[];
  subjects: readonly SubjectName[];
  rounds: number;
}): PlannedLoad[] {
  const plan: PlannedLoad[] = [];
  for (let round = 0; round <= rounds; round++) {
    const turn = round % subjects.length;
    const order = [...subjects.slice(turn), ...subjects.slice(0, turn)];
    for (const route of routes) for (const subject of order) plan.push({ round, route, subject });
  }
  return plan;
}
