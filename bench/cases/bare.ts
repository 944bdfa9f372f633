import { work, type CaseSetup } from '../harness.js';

/** References: the dependency called directly (the baseline of "added"), and a plain rejection. */
export const subject = 'bare';

const failure = new Error('dependency down');

export function setup(): CaseSetup {
  return {
    cases: [
      { id: 'bare', label: 'bare async call', baseline: null, call: work },
      // For scale beside the open breakers. Not a floor: a promise rejected before it has a
      // handler costs extra in Node's unhandled-rejection tracking, which a library can avoid.
      {
        id: 'bare.rejected',
        label: 'bare rejected call (Promise.reject)',
        rejects: true,
        baseline: null,
        call: () => Promise.reject(failure),
      },
    ],
  };
}
