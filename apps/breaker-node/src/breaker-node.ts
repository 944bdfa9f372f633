import { messages } from './breaker-node.messages.js';
import { parseCallRequest } from './call-request.js';
import { parseRequest, msgIdOf, replyTo, type Request } from './envelope.js';
import { ERROR_NAMES, type Body, type Envelope } from './maelstrom.js';
import {
  MalformedRequestError,
  NotSupportedError,
  isMaelstromError,
  type MaelstromError,
} from './maelstrom.error.js';
import { ServiceCircuit, type CircuitSettings } from './service-circuit.js';

/** Until init names it, the node signs its replies to envelope-less lines with this. */
export const DEFAULT_NODE_ID = 'breaker-node';

/**
 * The node's logic without its I/O: one message in, one reply out, with one breaker per
 * service, created on first use.
 */
export class BreakerNode {
  private nodeId = DEFAULT_NODE_ID;
  private readonly circuits = new Map<string, ServiceCircuit>();

  constructor(private readonly settings: CircuitSettings) {}

  /** Answers one line of JSON with one line of JSON (without the newline). */
  handleLine(line: string): string {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch (error) {
      return JSON.stringify(
        this.errorReply(undefined, new MalformedRequestError(messages.notJson((error as Error).message))),
      );
    }
    return JSON.stringify(this.handle(message));
  }

  /** Answers one parsed message; a malformed or unsupported one gets a Maelstrom error reply. */
  handle(message: unknown): Envelope {
    try {
      return replyTo(message, this.nodeId, this.answer(parseRequest(message)));
    } catch (error) {
      if (!isMaelstromError(error)) throw error;
      return this.errorReply(message, error);
    }
  }

  private answer(request: Request): Body {
    switch (request.body.type) {
      case 'call':
        return this.call(request);
      case 'init':
        return this.init(request);
      default:
        throw new NotSupportedError(messages.unsupportedType(request.body.type));
    }
  }

  private call(request: Request): Body {
    const call = parseCallRequest(request);
    let circuit = this.circuits.get(call.service);
    if (circuit === undefined) {
      circuit = new ServiceCircuit(call.service, this.settings);
      this.circuits.set(call.service, circuit);
    }
    return circuit.call(call);
  }

  private init({ body }: Request): Body {
    if (typeof body.node_id !== 'string' || body.node_id === '') {
      throw new MalformedRequestError(messages.notAString('body.node_id'));
    }
    this.nodeId = body.node_id;
    return { type: 'init_ok', in_reply_to: body.msg_id };
  }

  private errorReply(message: unknown, error: MaelstromError): Envelope {
    const { code } = error;
    const body = {
      type: 'error',
      in_reply_to: msgIdOf(message),
      code,
      text: error.message,
      error: ERROR_NAMES[code],
    };
    return replyTo(message, this.nodeId, body);
  }
}
