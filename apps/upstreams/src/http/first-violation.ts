import type { ValidationError } from 'class-validator';

/**
 * The first broken rule in class-validator's errors, as "items.0.quantity must be ...". The
 * DTOs phrase every rule as a requirement ("must be ..."), so the path completes it.
 * Decorators apply bottom-up, so a property's topmost rule, its most basic one ("must be an
 * array" before "must hold only objects"), is the last constraint class-validator reports.
 */
export function firstViolation(errors: readonly ValidationError[], parent = ''): string | undefined {
  for (const error of errors) {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    const requirement = Object.values(error.constraints ?? {}).at(-1);
    if (requirement !== undefined) return `${path} ${requirement}`;
    const nested = firstViolation(error.children ?? [], path);
    if (nested !== undefined) return nested;
  }
  return undefined;
}
