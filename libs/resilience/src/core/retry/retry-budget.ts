import { OptionReader } from '../options/option-readers.js';
import type { RetryBudgetOptions } from './retry.options.js';

// Tokens are counted in integer thousandths, as grpc-java does, so refunds of 0.1 add up
// exactly: with floats, 15 refunds of 0.1 give 1.5000000000000002 and allow a retry early.
const MILLI = 1_000;

/**
 * gRPC retry throttling (A6): a counted failure costs one token, a success refunds
 * `tokenRatio`; retries are allowed only while tokens > maxTokens / 2. First attempts are
 * never throttled.
 */
export class RetryBudget {
  readonly maxTokens: number;
  readonly tokenRatio: number;
  private readonly maxMilli: number;
  private readonly refundMilli: number;
  private milli: number;

  constructor(policy: string, options: RetryBudgetOptions = {}) {
    const read = new OptionReader(policy, 'retry.budget');
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
    this.maxMilli = Math.floor(maxTokens * MILLI);
    this.refundMilli = Math.floor(tokenRatio * MILLI);
    this.maxTokens = this.maxMilli / MILLI;
    this.tokenRatio = this.refundMilli / MILLI;
    this.milli = this.maxMilli;
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
}
