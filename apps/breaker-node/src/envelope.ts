import { messages } from './breaker-node.messages.js';
import type { Body, Envelope } from './maelstrom.js';
import { MalformedRequestError } from './maelstrom.error.js';

/** A request whose shape has been checked; src and dest may be absent. */
export interface Request {
  src?: string;
  dest?: string;
  body: Body;
}

/**
 * Checks what every message shares: an object with a body, a string `body.type`, an
 * integer `body.msg_id` if any, and string `src` / `dest` if any. Throws
 * {@link MalformedRequestError}.
 */
export function parseRequest(message: unknown): Request {
  if (!isRecord(message) || !isRecord(message.body)) throw new MalformedRequestError(messages.notAMessage());
  const { src, dest, body } = message;
  if (src !== undefined && typeof src !== 'string')
    throw new MalformedRequestError(messages.notAString('src'));
  if (dest !== undefined && typeof dest !== 'string')
    throw new MalformedRequestError(messages.notAString('dest'));
  if (typeof body.type !== 'string') throw new MalformedRequestError(messages.notAString('body.type'));
  if (body.msg_id !== undefined && !isCount(body.msg_id)) {
    throw new MalformedRequestError(messages.notAnInteger('body.msg_id', 0));
  }
  return message as unknown as Request;
}

/**
 * Wraps `body` in a reply to `message`, swapping src and dest. Lenient, because error
 * replies answer messages that failed {@link parseRequest}: a missing dest becomes `self`,
 * a missing src null.
 */
export function replyTo(message: unknown, self: string, body: Body): Envelope {
  const m = isRecord(message) ? message : {};
  return {
    src: typeof m.dest === 'string' ? m.dest : self,
    dest: typeof m.src === 'string' ? m.src : null,
    body,
  };
}

/** The msg_id of `message`, if it has a valid one. */
export function msgIdOf(message: unknown): number | undefined {
  const body = isRecord(message) ? message.body : undefined;
  const id = isRecord(body) ? body.msg_id : undefined;
  return isCount(id) ? id : undefined;
}

/** True for a non-negative safe integer. */
export function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
