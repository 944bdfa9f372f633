import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PolicyRegistry } from '@carta/resilience';
import { apiMessages } from '../api.messages.js';

/**
 * Logs every breaker state change, tripped or set by hand, as one structured line:
 * `{ event, service, from, to, reason, failures }`, so an incident's timeline can be read back.
 */
@Injectable()
export class BreakerAuditLog implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CircuitBreaker');
  private unsubscribe?: () => void;

  constructor(private readonly policies: PolicyRegistry) {}

  onModuleInit(): void {
    this.unsubscribe = this.policies.subscribe((event) => {
      if (event.type !== 'state_change') return;
      const { policy: service, from, to, reason, failures } = event;
      this.logger.warn({
        event: 'circuit_breaker_state_change',
        service,
        from,
        to,
        reason,
        failures,
        msg: apiMessages.breakerStateChanged(),
      });
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}
