import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ApiConfig } from './api.config.js';

/** Provides the validated ApiConfig to every module. */
@Global()
@Module({})
export class ApiConfigModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiConfigModule,
      providers: [{ provide: ApiConfig, useValue: config }],
      exports: [ApiConfig],
    };
  }
}
