import { RESILIENT_METADATA } from '../resilience.constants.js';

/**
 * Applies policy `name`'s whole configured stack to every Promise-returning method of the
 * class (lifecycle hooks and fallback targets excepted); method decorators refine it.
 * @example
 * \@Resilient('catalog')
 * \@Injectable()
 * export class CatalogClient { ... }
 */
export function Resilient(name: string): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(RESILIENT_METADATA, name, target);
  };
}
