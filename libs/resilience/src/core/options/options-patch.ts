type PatchOf<V> = V extends (...args: never[]) => unknown
  ? V
  : V extends readonly unknown[]
    ? V
    : V extends object
      ? OptionsPatch<V>
      : V;

/**
 * A change to options, as a JSON merge patch (RFC 7396) reads: the fields given replace the
 * current ones, nested objects merge field by field, `null` restores the default, and fields
 * left out (or undefined) keep their value.
 * @example
 * const patch: OptionsPatch<CircuitBreakerOptions> = { failureThreshold: 3, failureRateThreshold: null };
 */
export type OptionsPatch<T> = { [K in keyof T]?: PatchOf<NonNullable<T[K]>> | null };

/** One option a reconfiguration changed: its dotted path and its effective value before and after. */
export interface ConfigChange {
  path: string;
  from: unknown;
  to: unknown;
}

/** True for `{...}` objects, which a patch merges into; anything else it replaces. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `patch` applied to `base` (neither is modified): see {@link OptionsPatch}. */
export function mergePatch<T extends object>(base: T, patch: OptionsPatch<T> | undefined): T {
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch ?? {}) as [string, unknown][]) {
    if (value === undefined) continue;
    if (value === null) delete result[key];
    else if (isPlainObject(value))
      result[key] = mergePatch(
        isPlainObject(result[key]) ? result[key] : {},
        value as OptionsPatch<Record<string, unknown>>,
      );
    else result[key] = value;
  }
  return result as T;
}

/**
 * Every leaf (a value that is not a plain object) of `before` and `after` that differs, by dotted
 * path: what an event or a log line says a reconfiguration changed.
 */
export function diffLeaves(before: object, after: object, prefix = ''): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const path = prefix + key;
    if (isPlainObject(a[key]) && isPlainObject(b[key]))
      changes.push(...diffLeaves(a[key], b[key], `${path}.`));
    else if (!Object.is(a[key], b[key])) changes.push({ path, from: a[key] ?? null, to: b[key] ?? null });
  }
  return changes;
}
