import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { PolicyRegistry, type PolicyConfig, type PolicySnapshot } from '@carta/resilience';
import { RESOLVED_POLICIES, type ResolvedPolicies } from '../resilience/resolved-policies.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { BreakerStateDto } from './breaker-state.dto.js';

/** One policy as the admin sees it. */
export interface PolicyView {
  name: string;
  config: PolicyConfig;
  state: PolicySnapshot;
}

/** Steering in an incident. Mounted only when ADMIN_TOKEN is set; every route needs it. */
@Controller('admin/resilience')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(
    private readonly policies: PolicyRegistry,
    @Inject(RESOLVED_POLICIES) private readonly configs: ResolvedPolicies,
  ) {}

  /** Every policy with its live state and its configuration (env overrides applied). */
  @Get()
  list(): { policies: PolicyView[] } {
    return {
      policies: this.policies
        .snapshot()
        .map((state) => ({ name: state.name, config: this.configs[state.name] ?? {}, state })),
    };
  }

  /** Forces a breaker open, closes it, or disables it; the change is logged as a JSON line. */
  @Post(':name/state')
  @HttpCode(200)
  setState(
    @Param('name') name: string,
    @Body() body: BreakerStateDto,
  ): { name: string; from: string; to: string; state: PolicySnapshot } {
    const from = this.policies.get(name).snapshot().circuitBreaker?.state ?? 'closed';
    this.policies.setBreakerState(name, body.state, 'operator');
    return { name, from, to: body.state, state: this.policies.get(name).snapshot() };
  }
}
