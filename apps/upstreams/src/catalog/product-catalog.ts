import { ProductNotFoundError } from './product-not-found.error.js';
import { PRODUCTS, type Product } from './product.js';

/** The catalog's products, looked up by sku. */
export class ProductCatalog {
  private readonly bySku: ReadonlyMap<string, Product>;

  constructor(private readonly products: readonly Product[] = PRODUCTS) {
    this.bySku = new Map(products.map((product) => [product.sku, product]));
  }

  /** Every product, in catalog order. */
  list(): readonly Product[] {
    return this.products;
  }

  /** The product with `sku`; throws {@link ProductNotFoundError}. */
  find(sku: string): Product {
    const product = this.bySku.get(sku);
    if (product === undefined) throw new ProductNotFoundError(sku);
    return product;
  }
}
