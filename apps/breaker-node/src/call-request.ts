import { messages } from './breaker-node.messages.js';
import { isCount, type Request } from './envelope.js';
import { MalformedRequestError } from './maelstrom.error.js';

/** The states a call may set its breaker to before it runs. */
export const FORCIBLE_STATES = ['closed', 'open', 'half_open'] as const;

/** One of {@link FORCIBLE_STATES}. */
export type ForcibleState = (typeof FORCIBLE_STATES)[number];

/** A `call` message, checked. */
export interface CallRequest {
  msgId: number | undefined;
  /** Whose breaker: `body.service`, else the message's dest. */
  service: string;
  /** Set the breaker to this state first. */
  state: ForcibleState | undefined;
  /**
   * How many failed calls this message drives into the breaker, one after another, now
   * (`body.force_failures`). 0 when absent: the message is then one call, decided by `outcome`.
   */
  forceFailures: number;
  /** This call's outcome if the message dictates it; otherwise it succeeds. */
  outcome: 'success' | 'failure' | undefined;
}

/** Reads a `call` body; throws {@link MalformedRequestError} for a missing or mistyped field. */
export function parseCallRequest({ dest, body }: Request): CallRequest {
  const service = body.service ?? dest;
  if (body.service !== undefined && (typeof body.service !== 'string' || body.service === '')) {
    throw new MalformedRequestError(messages.notAString('body.service'));
  }
  if (typeof service !== 'string' || service === '') throw new MalformedRequestError(messages.noService());
  const { state } = body;
  if (state !== undefined && !FORCIBLE_STATES.includes(state as ForcibleState)) {
    throw new MalformedRequestError(messages.notAState(FORCIBLE_STATES));
  }
  const forceFailures = body.force_failures === undefined ? 0 : body.force_failures;
  if (!isCount(forceFailures)) {
    throw new MalformedRequestError(messages.notAnInteger('body.force_failures', 0));
  }
  const success = flag(body.force_success, 'body.force_success');
  const failure = flag(body.force_failure, 'body.force_failure');
  if (success && failure) throw new MalformedRequestError(messages.contradictoryForce());
  // Forced failures are this message's calls, so a forced success would contradict them.
  if (success && forceFailures > 0) {
    throw new MalformedRequestError(messages.successWithForcedFailures());
  }
  return {
    msgId: body.msg_id,
    service,
    state: state as ForcibleState | undefined,
    forceFailures,
    outcome: success ? 'success' : failure ? 'failure' : undefined,
  };
}

function flag(value: unknown, field: string): boolean {
  if (value !== undefined && typeof value !== 'boolean')
    throw new MalformedRequestError(messages.notABoolean(field));
  return value === true;
}
