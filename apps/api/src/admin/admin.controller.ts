import { Body, Controller, Get, HttpCode, Logger, Param, Patch, Post, UseGuards } from '@nestjs/common';
import {
  parsePolicyConfigPatch,
  PolicyRegistry,
  type ConfigChange,
  type PolicyConfig,
  type PolicySettings,
  type PolicySnapshot,
} from '@carta/resilience';
import { apiMessages } from '../api.messages.js';
import { ShedPriority } from '../overload/shed-priority.decorator.js';
import { SkipRateLimit } from '../rate-limit/skip-rate-limit.decorator.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { BreakerStateDto } from './breaker-state.dto.js';

/** One policy as the admin sees it. */
export interface PolicyView {
  name: string;
  /** The options it runs with: env overrides and runtime changes applied. */
  config: PolicyConfig;
  /** Every setting in effect, defaults applied. */
  settings: PolicySettings;
  state: PolicySnapshot;
}

/** Steering in an incident. Mounted only when ADMIN_TOKEN is set; every route needs it. */
@Controller('admin/resilience')
@ShedPriority('never')
@SkipRateLimit()
@UseGuards(AdminTokenGuard)
export class AdminController {
  private readonly logger = new Logger('ResilienceAdmin');

  constructor(private readonly policies: PolicyRegistry) {}

  /** Every policy with its live state, its configuration and the settings in effect. */
  @Get()
  list(): { policies: PolicyView[] } {
    return { policies: this.policies.names().map((name) => this.view(name)) };
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

  /**
   * Changes a policy's settings without a restart: the body holds the options that can be set
   * from the environment, nested as in PolicyConfig (`{ "circuitBreaker": { "failureThreshold":
   * 3 }, "timeoutMs": 1500 }`), null restoring a default. Validated as at boot and applied whole
   * or not at all; a change is logged as one JSON line.
   */
  @Patch(':name')
  reconfigure(@Param('name') name: string, @Body() body: unknown): PolicyView & { changes: ConfigChange[] } {
    this.policies.get(name); // an unknown policy is a 404 whatever the body says
    const changes = this.policies.reconfigure(name, parsePolicyConfigPatch(name, body));
    if (changes.length > 0) {
      this.logger.warn({
        event: 'resilience_policy_reconfigured',
        service: name,
        changes,
        msg: apiMessages.policyReconfigured(),
      });
    }
    return { ...this.view(name), changes };
  }

  private view(name: string): PolicyView {
    const policy = this.policies.get(name);
    return { name, config: policy.config, settings: policy.settings(), state: policy.snapshot() };
  }
}
