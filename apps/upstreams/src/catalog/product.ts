import { CURRENCY, type Currency } from '../currency.js';

/** An item the shop sells. */
export interface Product {
  /** Stock-keeping unit, unique in the catalog, e.g. `KETTLE-01`. */
  readonly sku: string;
  readonly name: string;
  /** Price in integer cents, so no float ever rounds it. */
  readonly priceCents: number;
  readonly currency: Currency;
}

/** What the simulated catalog holds; inventory stocks every one of these skus. */
export const PRODUCTS: readonly Product[] = Object.freeze(
  [
    { sku: 'KETTLE-01', name: 'Gooseneck Kettle 1 L', priceCents: 6_900 },
    { sku: 'MUG-02', name: 'Stoneware Mug 350 ml', priceCents: 1_450 },
    { sku: 'TEAPOT-03', name: 'Cast Iron Teapot 0.8 L', priceCents: 5_400 },
    { sku: 'GRINDER-04', name: 'Conical Burr Grinder', priceCents: 12_900 },
    { sku: 'SCALE-05', name: 'Brewing Scale with Timer', priceCents: 3_900 },
    { sku: 'FILTER-06', name: 'Paper Filters, 100 pack', priceCents: 650 },
    { sku: 'BEANS-07', name: 'Single-Origin Beans 250 g', priceCents: 1_590 },
    { sku: 'CARAFE-08', name: 'Glass Carafe 600 ml', priceCents: 2_900 },
  ].map((product) => Object.freeze({ ...product, currency: CURRENCY })),
);
