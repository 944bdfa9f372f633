import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '../config/api.config.js';
import { AdminController } from './admin.controller.js';
import { BreakerAuditLog } from './breaker-audit.log.js';

/** The breakers' audit log, always; the admin routes only when ADMIN_TOKEN is set. */
@Module({ providers: [BreakerAuditLog] })
export class AdminModule {
  /** The module with the admin routes if `config.ADMIN_TOKEN` is set. */
  static forConfig(config: Pick<ApiConfig, 'ADMIN_TOKEN'>): DynamicModule {
    return { module: AdminModule, controllers: config.ADMIN_TOKEN ? [AdminController] : [] };
  }
}
