// What each Redis client the api uses raises when Redis cannot run a command: it is down,
// went away mid-command, answers too slowly, or refuses commands for now. By class name, not
// `instanceof`: node-redis (the catalog cache) does not export its classes to us, and BullMQ
// may carry its own copy of ioredis.
const UNAVAILABLE_CLASSES = new Set([
  // ioredis: the connection dropped more times than `maxRetriesPerRequest` allows.
  'MaxRetriesPerRequestError',
  // BullMQ: a command on a connection that is closed or closing.
  'ConnectionClosedError',
  // node-redis (@redis/client).
  'ClientClosedError',
  'ClientOfflineError',
  'ConnectionTimeoutError',
  'SocketClosedUnexpectedlyError',
  'DisconnectsClientError',
  'ReconnectStrategyError',
]);

// ioredis raises these as plain Errors: their exact text is all that tells them apart
// (ioredis/built/Command.js, Redis.js, utils CONNECTION_CLOSED_ERROR_MSG, redis/event_handler.js).
const IOREDIS_MESSAGES = new Set([
  // `commandTimeout` elapsed: Redis hangs, or the command waited in the offline queue.
  'Command timed out',
  // `enableOfflineQueue: false` and the connection is not up.
  "Stream isn't writeable and enableOfflineQueue options is false",
  // The client gave up reconnecting, or was closed.
  'Connection is closed.',
  // A pipeline cut by the connection closing.
  'Command aborted due to connection close',
]);

// Redis itself answering "not now" (replies start with their code): loading its dataset,
// busy with a script, a replica without its master or read-only after a failover, out of memory.
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|READONLY|OOM) /;

// A socket error of the connection itself, which ioredis passes on when connecting fails.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// Wrappers (BullMQ's ConnectionClosedError among them) keep the client's error as `cause`.
const MAX_CAUSES = 5;

/**
 * Whether `error` says Redis could not run a command (unreachable, gone mid-command, too slow,
 * refusing for now), as opposed to a command Redis ran and rejected (e.g. WRONGTYPE) or a bug.
 * Covers ioredis (orders, idempotency records, the BullMQ queue), BullMQ and node-redis (the
 * catalog cache). The error mapping answers these `503 storage_unavailable`.
 */
export function isRedisUnavailableError(error: unknown): boolean {
  let current = error;
  // By shape rather than `instanceof Error`: Node's socket errors come from another realm
  // under a VM (Jest), and a wrapped cause need not be an Error at all.
  for (let depth = 0; depth <= MAX_CAUSES && isErrorLike(current); depth++) {
    // An HTTP client's error (and the socket error it carries) is a dependency's failure.
    if (current.isAxiosError === true) return false;
    if (isUnavailable(current)) return true;
    current = current.cause;
  }
  return false;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  syscall?: unknown;
  cause?: unknown;
  isAxiosError?: unknown;
}

const isErrorLike = (value: unknown): value is ErrorLike => typeof value === 'object' && value !== null;

function isUnavailable(error: ErrorLike): boolean {
  const { name, message, code, syscall } = error;
  if (typeof name === 'string' && UNAVAILABLE_CLASSES.has(name)) return true;
  const className = (error.constructor as { name?: unknown } | undefined)?.name;
  if (typeof className === 'string' && UNAVAILABLE_CLASSES.has(className)) return true;
  if (typeof message !== 'string') return false;
  if (IOREDIS_MESSAGES.has(message)) return true;
  if (name === 'ReplyError') return TRANSIENT_REPLY.test(message);
  return typeof code === 'string' && NETWORK_CODES.has(code) && typeof syscall === 'string';
}
