/**
 * What a caller cancels a call with: an AbortSignal, or anything with the same four members
 * (creating and aborting an AbortController costs ~14 us on Node 20).
 */
export type CancelSignal = Pick<
  AbortSignal,
  'aborted' | 'reason' | 'addEventListener' | 'removeEventListener'
>;
