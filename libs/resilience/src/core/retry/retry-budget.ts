import { OptionReader } from '../options/option-readers.js';
import type { RetryBudgetOptions } from './retry.options.js';

/**
 * gRPC retry throttling: a counted failure costs one token, a success refunds `tokenRatio`;
 * retries are allowed only while tokens > maxTokens / 2. First attempts are never throttled.
 */
export class RetryBudget {
  readonly maxTokens: number;
  readonly tokenRatio: number;
  private count: number;

  constructor(policy: string, options: RetryBudgetOptions = {}) {
    const read = new OptionReader(policy, 'retry.budget');
    this.maxTokens = read.number('maxTokens', options.maxTokens, 10, 1);
    this.tokenRatio = read.number('tokenRatio', options.tokenRatio, 0.1);
    this.count = this.maxTokens;
  }

  get tokens(): number {
    return this.count;
  }

  get allowsRetry(): boolean {
    return this.count > this.maxTokens / 2;
  }

  onSuccess(): void {
    this.count = Math.min(this.maxTokens, this.count + this.tokenRatio);
  }

  onFailure(): void {
    this.count = Math.max(0, this.count - 1);
  }
}
