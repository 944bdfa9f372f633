import { Module, type DynamicModule } from '@nestjs/common';
import { RESOLVED_POLICIES, type ResolvedPolicies } from './resolved-policies.js';

/** Makes the resolved policies injectable everywhere (the clients size their pools from them). */
@Module({})
export class ResolvedPoliciesModule {
  static forRoot(policies: ResolvedPolicies): DynamicModule {
    return {
      module: ResolvedPoliciesModule,
      global: true,
      providers: [{ provide: RESOLVED_POLICIES, useValue: policies }],
      exports: [RESOLVED_POLICIES],
    };
  }
}
