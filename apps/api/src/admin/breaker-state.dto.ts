import { IsIn } from 'class-validator';

/** The states an operator may set. */
export const OPERATOR_STATES = ['forced_open', 'closed', 'disabled'] as const;

/** Body of POST /admin/resilience/:name/state. */
export class BreakerStateDto {
  @IsIn(OPERATOR_STATES)
  state!: (typeof OPERATOR_STATES)[number];
}
