import { BREAKER_STATE_CODES } from './breaker-state.js';

describe('BREAKER_STATE_CODES', () => {
  it('gives each state the gauge code dashboards expect', () => {
    expect(BREAKER_STATE_CODES).toEqual({ closed: 0, open: 1, half_open: 2, forced_open: 3, disabled: 4 });
  });
});
