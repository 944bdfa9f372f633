import { OptionReader } from '../options/option-readers.js';
import { mergePatch, type OptionsPatch } from '../options/options-patch.js';
import type { RetryBudgetOptions } from './retry.options.js';

// Tokens are counted in integer thousandths, as grpc-java does, so refunds of 0.1 add up
// exactly: with floats, 15 refunds of 0.1 give 1.5000000000000002 and allow a retry early.
const MILLI = 1_000;

/** A retry budget's effective settings, as counted (three decimals). */
export interface RetryBudgetSettings {
  readonly maxTokens: number;
  readonly tokenRatio: number;
}

/**
 * gRPC retry throttling (A6): a counted failure costs one token, a success refunds
 * `tokenRatio`; retries are allowed only while tokens > maxTokens / 2. First attempts are
 * never throttled.
 */
export class RetryBudget {
  private options: RetryBudgetOptions;
  private maxMilli: number;
  private refundMilli: number;
  private milli: number;

  constructor(
    private readonly policy: string,
    options: RetryBudgetOptions = {},
  ) {
    this.options = options;
    [this.maxMilli, this.refundMilli] = this.read(options);
    this.milli = this.maxMilli;
  }

  /** Bucket size. */
  get maxTokens(): number {
    return this.maxMilli / MILLI;
  }

  /** Tokens a success refunds. */
  get tokenRatio(): number {
    return this.refundMilli / MILLI;
  }

  /** Every setting in effect. */
  get effectiveSettings(): RetryBudgetSettings {
    return { maxTokens: this.maxTokens, tokenRatio: this.tokenRatio };
  }

  /** Tokens left, to three decimals. */
  get tokens(): number {
    return this.milli / MILLI;
  }

  get allowsRetry(): boolean {
    return this.milli * 2 > this.maxMilli;
  }

  onSuccess(): void {
    this.milli = Math.min(this.maxMilli, this.milli + this.refundMilli);
  }

  onFailure(): void {
    this.milli = Math.max(0, this.milli - MILLI);
  }

  /**
   * Changes the settings at runtime, validated as at construction (an invalid patch throws
   * and changes nothing). The tokens are kept, clamped to a smaller maximum; a larger one adds
   * none (successes refill the bucket), so retries stay throttled until tokens pass half the
   * new maximum.
   */
  reconfigure(patch: OptionsPatch<RetryBudgetOptions>): void {
    this.prepareReconfigure(patch)();
  }

  /** Validates `patch` as {@link reconfigure} does and returns the function that applies it. */
  prepareReconfigure(patch: OptionsPatch<RetryBudgetOptions>): () => void {
    const options = mergePatch(this.options, patch);
    const [maxMilli, refundMilli] = this.read(options);
    return () => {
      this.options = options;
      this.maxMilli = maxMilli;
      this.refundMilli = refundMilli;
      this.milli = Math.min(this.milli, maxMilli);
    };
  }

  // The one reading of the options, at construction and on reconfiguration alike: the
  // maximum and the refund, in thousandths.
  private read(options: RetryBudgetOptions): [maxMilli: number, refundMilli: number] {
    const read = new OptionReader(this.policy, 'retry.budget');
    const maxTokens = options.maxTokens ?? 10;
    if (typeof maxTokens !== 'number' || !(maxTokens > 0 && maxTokens <= 1_000)) {
      read.fail('maxTokens', `must be a number in (0, 1000], got ${String(options.maxTokens)}`);
    }
    const tokenRatio = options.tokenRatio ?? 0.1;
    // A6 keeps three decimals of the ratio; one that keeps nothing would never refill.
    if (
      typeof tokenRatio !== 'number' ||
      !Number.isFinite(tokenRatio) ||
      Math.floor(tokenRatio * MILLI) < 1
    ) {
      read.fail('tokenRatio', `must be a number >= 0.001, got ${String(options.tokenRatio)}`);
    }
    return [Math.floor(maxTokens * MILLI), Math.floor(tokenRatio * MILLI)];
  }
}
