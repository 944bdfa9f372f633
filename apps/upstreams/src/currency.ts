/** The one currency the simulated shop sells and charges in. */
export const CURRENCY = 'EUR';

/** {@link CURRENCY} as a type. */
export type Currency = typeof CURRENCY;
