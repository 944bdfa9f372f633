/** What a {@link TokenBucket} is reset to. */
export interface TokenBucketState {
  /** Most tokens it holds. */
  capacity: number;
  /** Tokens added per second, up to the capacity. */
  perSecond: number;
  /** Tokens it holds now; below 0 is a debt the refill pays off first. */
  level: number;
}

/**
 * A token bucket: holds up to `capacity` tokens, refills continuously at `perSecond`, and
 * admits one request per whole token. Times are plain milliseconds passed in (a Clock's
 * `now()`), so the bucket keeps no clock and no timer: an idle bucket costs nothing.
 */
export class TokenBucket {
  private capacity: number;
  private perMs: number;
  private level: number;
  private updatedAt: number;

  constructor(state: TokenBucketState, now: number) {
    this.capacity = state.capacity;
    this.perMs = state.perSecond / 1000;
    this.level = state.level;
    this.updatedAt = now;
  }

  /** The most tokens it holds. */
  get size(): number {
    return this.capacity;
  }

  /** Tokens it holds at `now` (fractional; negative while in debt). */
  levelAt(now: number): number {
    const elapsed = now > this.updatedAt ? now - this.updatedAt : 0;
    return Math.min(this.capacity, this.level + elapsed * this.perMs);
  }

  /** Spends one token if a whole one is there at `now`; false (and nothing spent) otherwise. */
  take(now: number): boolean {
    const level = this.levelAt(now);
    if (now > this.updatedAt) this.updatedAt = now;
    if (level < 1) {
      this.level = level;
      return false;
    }
    this.level = level - 1;
    return true;
  }

  /** Milliseconds from `now` until it holds `tokens` (0 if it does; Infinity beyond its size). */
  msUntil(tokens: number, now: number): number {
    if (tokens > this.capacity) return Infinity;
    const missing = tokens - this.levelAt(now);
    return missing <= 0 ? 0 : missing / this.perMs;
  }

  /** Starts over from `state` at `now`: a new size, rate or level learnt from elsewhere. */
  reset(state: TokenBucketState, now: number): void {
    this.capacity = state.capacity;
    this.perMs = state.perSecond / 1000;
    this.level = Math.min(state.capacity, state.level);
    this.updatedAt = now;
  }
}
