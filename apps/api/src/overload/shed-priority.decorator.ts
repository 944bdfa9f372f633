import { SetMetadata } from '@nestjs/common';
import type { RoutePriority } from './route-priority.js';

/** Where {@link ShedPriority} records a route's priority. */
export const SHED_PRIORITY_METADATA = 'overload:shed_priority';

/**
 * Records the priority the load shedder judges a controller's routes by; on a route, it
 * overrides its controller's. Every route needs one: a route without fails the boot.
 * @example
 * \@Controller('catalog/products')
 * \@ShedPriority('browse')
 * export class CatalogController { ... }
 */
export function ShedPriority(priority: RoutePriority): ClassDecorator & MethodDecorator {
  return SetMetadata(SHED_PRIORITY_METADATA, priority);
}
