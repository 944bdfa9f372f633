import { SetMetadata } from '@nestjs/common';

/** Where {@link SkipRateLimit} records that a controller or route is never limited. */
export const SKIP_RATE_LIMIT_METADATA = 'rate_limit:skip';

/**
 * Exempts a controller's routes (or one route) from the rate limit: probes, metrics and admin
 * must answer while a client floods the shop. Exempt routes carry no X-RateLimit-* headers.
 * @example
 * \@Controller('health')
 * \@SkipRateLimit()
 * export class HealthController { ... }
 */
export function SkipRateLimit(): ClassDecorator & MethodDecorator {
  return SetMetadata(SKIP_RATE_LIMIT_METADATA, true);
}
