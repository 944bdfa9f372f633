import { InvalidPolicyConfigError } from '../errors/invalid-policy-config.error.js';

/** Reads numeric options with a default, failing with the policy and option named. */
export class OptionReader {
  /** `prefix` is the options' section (`retry.budget`); none for top-level options. */
  constructor(
    private readonly policy: string,
    private readonly prefix?: string,
  ) {}

  /** An integer >= min (Infinity allowed when `allowInfinity`). */
  int(name: string, value: number | undefined, fallback: number, min = 1, allowInfinity = false): number {
    const v = value ?? fallback;
    const ok = (allowInfinity && v === Infinity) || (Number.isInteger(v) && v >= min);
    if (!ok) this.fail(name, `must be an integer >= ${min}, got ${String(value)}`);
    return v;
  }

  /** A finite number >= min. */
  number(name: string, value: number | undefined, fallback: number, min = 0): number {
    const v = value ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      this.fail(name, `must be a finite number >= ${min}, got ${String(value)}`);
    }
    return v;
  }

  /** A finite number > 0 (a duration that must leave time to work, say). */
  positive(name: string, value: number): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      this.fail(name, `must be a finite number > 0, got ${String(value)}`);
    }
    return value;
  }

  /** A percentage in (0, 100], or undefined when not set. */
  percent(name: string, value: number | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !(value > 0 && value <= 100)) {
      this.fail(name, `must be a percentage in (0, 100], got ${String(value)}`);
    }
    return value;
  }

  /** One of the allowed strings. */
  oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
    const v = value ?? fallback;
    if (!allowed.includes(v)) this.fail(name, `must be one of ${allowed.join(', ')}, got ${String(value)}`);
    return v;
  }

  fail(name: string, problem: string): never {
    const path = this.prefix === undefined ? name : `${this.prefix}.${name}`;
    throw new InvalidPolicyConfigError(this.policy, path, problem);
  }
}
