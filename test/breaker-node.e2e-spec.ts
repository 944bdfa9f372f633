import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The executable as users run it: shebang, exec bit, build-if-missing and all. It runs the
// compiled dist/, which `npm test` builds before Jest starts.
const BIN = fileURLToPath(new URL('../bin/breaker-node', import.meta.url));
const RESET_TIMEOUT_MS = 200;

type Message = { src: string; dest: string | null; body: Record<string, unknown> };

/** One running node, fed lines on stdin and read reply by reply on stdout. */
class BreakerNodeProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: string[] = [];
  private readonly waiting: Array<(line: string) => void> = [];
  private buffered = '';
  private stderr = '';
  private readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = spawn(BIN, args);
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.receive(chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.once('close', resolve));
  }

  static start(args: string[] = ['--reset-timeout-ms', String(RESET_TIMEOUT_MS)]): BreakerNodeProcess {
    return new BreakerNodeProcess(args);
  }

  /** Writes raw text to stdin. */
  write(text: string): void {
    this.child.stdin.write(text);
  }

  /** The next reply on stdout. */
  next(): Promise<Message> {
    const line = this.replies.shift();
    if (line !== undefined) return Promise.resolve(JSON.parse(line));
    return new Promise((resolve) => this.waiting.push((l) => resolve(JSON.parse(l))));
  }

  /** Sends a call from service-a to service-b (or `dest`) and waits for its reply. */
  async call(body: Record<string, unknown>, dest = 'service-b'): Promise<Message> {
    this.write(JSON.stringify({ src: 'service-a', dest, body: { type: 'call', ...body } }) + '\n');
    return this.next();
  }

  /** Closes stdin and resolves with the exit code and what went to stderr. */
  async end(): Promise<{ code: number | null; stderr: string }> {
    this.child.stdin.end();
    const code = await this.exited;
    return { code, stderr: this.stderr };
  }

  /** Every reply still unread once the process has exited. */
  unread(): string[] {
    return this.replies;
  }

  private receive(chunk: string): void {
    const lines = (this.buffered + chunk).split('\n');
    this.buffered = lines.pop()!;
    for (const line of lines) {
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else this.replies.push(line);
    }
  }
}

async function failTimes(node: BreakerNodeProcess, n: number): Promise<Message[]> {
  const replies: Message[] = [];
  for (let i = 1; i <= n; i++) replies.push(await node.call({ msg_id: i, force_failure: true }));
  return replies;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bin/breaker-node', () => {
  let node: BreakerNodeProcess;

  beforeEach(() => {
    node = BreakerNodeProcess.start();
  });

  afterEach(async () => {
    await node.end();
  });

  it('answers init with init_ok from the node it names', async () => {
    node.write(
      JSON.stringify({
        src: 'c0',
        dest: 'n1',
        body: { type: 'init', msg_id: 1, node_id: 'n1', node_ids: ['n1'] },
      }) + '\n',
    );
    expect(await node.next()).toEqual({ src: 'n1', dest: 'c0', body: { type: 'init_ok', in_reply_to: 1 } });
  });

  it('answers a successful call with call_ok, src and dest swapped', async () => {
    expect(await node.call({ msg_id: 1 })).toEqual({
      src: 'service-b',
      dest: 'service-a',
      body: { type: 'call_ok', in_reply_to: 1, service: 'service-b', state: 'closed' },
    });
  });

  it('answers the 5th consecutive failure with circuit_breaker_open and failures 5', async () => {
    const replies = await failTimes(node, 5);
    expect(replies[3].body).toEqual({
      type: 'error',
      in_reply_to: 4,
      error: 'dependency failed',
      service: 'service-b',
      failures: 4,
      state: 'closed',
    });
    expect(replies[4].body).toEqual({
      type: 'circuit_breaker_open',
      in_reply_to: 5,
      service: 'service-b',
      failures: 5,
    });
  });

  it('fails fast with "Circuit breaker OPEN" once open', async () => {
    await failTimes(node, 5);
    expect((await node.call({ msg_id: 6, force_success: true })).body).toEqual({
      type: 'error',
      in_reply_to: 6,
      error: 'Circuit breaker OPEN',
      service: 'service-b',
    });
  });

  it('closes with circuit_breaker_closed when the probe after the reset timeout succeeds', async () => {
    await failTimes(node, 5);
    await sleep(RESET_TIMEOUT_MS + 50);
    expect((await node.call({ msg_id: 6 })).body).toEqual({
      type: 'circuit_breaker_closed',
      in_reply_to: 6,
      service: 'service-b',
      state: 'closed',
    });
  });

  it('sets the breaker to the state a call names before making the call', async () => {
    expect((await node.call({ msg_id: 1, state: 'open' })).body).toMatchObject({
      error: 'Circuit breaker OPEN',
    });
    expect((await node.call({ msg_id: 2, state: 'half_open' })).body).toMatchObject({
      type: 'circuit_breaker_closed',
    });
    await node.call({ msg_id: 3, state: 'open' });
    expect((await node.call({ msg_id: 4, state: 'closed' })).body).toMatchObject({
      type: 'call_ok',
      state: 'closed',
    });
  });

  it('opens at once on one force_failures: 5 call, then fails a plain call fast', async () => {
    const opened = await node.call({ msg_id: 1, force_failures: 5 });
    const plain = await node.call({ msg_id: 2 });
    expect([opened.body, plain.body]).toEqual([
      { type: 'circuit_breaker_open', in_reply_to: 1, service: 'service-b', failures: 5 },
      { type: 'error', in_reply_to: 2, error: 'Circuit breaker OPEN', service: 'service-b' },
    ]);
  });

  it('leaves other services, by dest or body.service, closed when force_failures opens one', async () => {
    await node.call({ msg_id: 1, force_failures: 5 });
    const byDest = await node.call({ msg_id: 2 }, 'service-c');
    const byService = await node.call({ msg_id: 3, service: 'payments' });
    const sameByService = await node.call({ msg_id: 4, service: 'service-b' }, 'service-c');
    expect([byDest.body, byService.body, sameByService.body]).toEqual([
      { type: 'call_ok', in_reply_to: 2, service: 'service-c', state: 'closed' },
      { type: 'call_ok', in_reply_to: 3, service: 'payments', state: 'closed' },
      { type: 'error', in_reply_to: 4, error: 'Circuit breaker OPEN', service: 'service-b' },
    ]);
  });

  it('answers force_failures below the threshold with dependency failed and the count, still closed', async () => {
    const failed = await node.call({ msg_id: 1, force_failures: 3 });
    const next = await node.call({ msg_id: 2 });
    expect([failed.body, next.body]).toEqual([
      {
        type: 'error',
        in_reply_to: 1,
        error: 'dependency failed',
        service: 'service-b',
        failures: 3,
        state: 'closed',
      },
      { type: 'call_ok', in_reply_to: 2, service: 'service-b', state: 'closed' },
    ]);
  });

  it('fails the half-open probe with the first forced failure, re-opening the breaker', async () => {
    await node.call({ msg_id: 1, force_failures: 5 });
    await sleep(RESET_TIMEOUT_MS + 50);
    expect((await node.call({ msg_id: 2, force_failures: 3 })).body).toEqual({
      type: 'circuit_breaker_open',
      in_reply_to: 2,
      service: 'service-b',
      failures: 6,
    });
  });

  it('keeps one breaker per service, named by body.service, else by dest', async () => {
    for (let i = 1; i <= 5; i++)
      await node.call({ msg_id: i, force_failure: true, service: 'payments' }, 'gateway');
    expect((await node.call({ msg_id: 6 }, 'gateway')).body).toMatchObject({
      type: 'call_ok',
      service: 'gateway',
    });
    expect((await node.call({ msg_id: 7 }, 'payments')).body).toMatchObject({
      error: 'Circuit breaker OPEN',
      service: 'payments',
    });
  });

  it('answers malformed JSON with code 12 and keeps answering', async () => {
    node.write('{"src": nope\n');
    expect(await node.next()).toEqual({
      src: 'breaker-node',
      dest: null,
      body: {
        type: 'error',
        code: 12,
        text: expect.stringContaining('not valid JSON'),
        error: 'malformed-request',
      },
    });
    expect((await node.call({ msg_id: 2 })).body).toMatchObject({ type: 'call_ok', in_reply_to: 2 });
  });

  it('answers an unknown message type with code 10', async () => {
    node.write(JSON.stringify({ src: 'c1', dest: 'n1', body: { type: 'echo', msg_id: 7 } }) + '\n');
    expect(await node.next()).toEqual({
      src: 'n1',
      dest: 'c1',
      body: {
        type: 'error',
        in_reply_to: 7,
        code: 10,
        text: 'message type "echo" is not supported',
        error: 'not-supported',
      },
    });
  });

  it('answers a burst written at once in order, ignoring blank lines', async () => {
    const lines = Array.from({ length: 2_000 }, (_, i) =>
      JSON.stringify({
        src: 'a',
        dest: `svc-${i % 7}`,
        body: { type: 'call', msg_id: i, force_failure: i % 3 === 0 },
      }),
    );
    node.write(lines.join('\n\n') + '\n');
    const ids = [];
    for (let i = 0; i < lines.length; i++) ids.push((await node.next()).body.in_reply_to);
    expect(ids).toEqual(lines.map((_, i) => i));
  });

  it('answers a last line without a newline and exits 0 at end of input', async () => {
    node.write(JSON.stringify({ src: 'a', dest: 'b', body: { type: 'call', msg_id: 1 } }));
    const { code } = await node.end();
    expect(code).toBe(0);
    expect(node.unread().map((line) => JSON.parse(line).body.type)).toEqual(['call_ok']);
  });
});

// The seed's sample exchanges, verbatim: what each shows, a request line, then the body of
// its one reply.
const SEED_EXCHANGES: Array<[shows: string, request: string, replyBody: string]> = [
  [
    'one force_failures: 5 call opens the breaker',
    '{"src":"service-a","dest":"service-b","body":{"type":"call","msg_id":1,"force_failures":5}}',
    '{"type":"circuit_breaker_open","in_reply_to":1,"service":"service-b","failures":5}',
  ],
  [
    'a call setting state open fails fast',
    '{"src":"service-a","dest":"service-b","body":{"type":"call","msg_id":2,"state":"open"}}',
    '{"type":"error","in_reply_to":2,"error":"Circuit breaker OPEN","service":"service-b"}',
  ],
  [
    'a successful half-open probe closes the breaker',
    '{"src":"service-a","dest":"service-b","body":{"type":"call","msg_id":3,"state":"half_open","force_success":true}}',
    '{"type":"circuit_breaker_closed","in_reply_to":3,"service":"service-b","state":"closed"}',
  ],
];

describe("bin/breaker-node, the seed's sample exchanges", () => {
  it.each(SEED_EXCHANGES)('%s, on a fresh node, as the seed shows', async (_shows, request, replyBody) => {
    const node = BreakerNodeProcess.start([]);
    node.write(request + '\n');
    const reply = await node.next();
    const { code } = await node.end();
    expect({ reply, code, unread: node.unread() }).toEqual({
      reply: { src: 'service-b', dest: 'service-a', body: JSON.parse(replyBody) },
      code: 0,
      unread: [],
    });
  });
});

describe('bin/breaker-node flags', () => {
  it('opens after --threshold consecutive failures', async () => {
    const node = BreakerNodeProcess.start(['--threshold', '2']);
    const replies = await failTimes(node, 2);
    await node.end();
    expect(replies[1].body).toMatchObject({ type: 'circuit_breaker_open', failures: 2 });
  });

  it('stays open for --reset-timeout-ms', async () => {
    const node = BreakerNodeProcess.start(['--threshold=1', '--reset-timeout-ms=60000']);
    await failTimes(node, 1);
    await sleep(RESET_TIMEOUT_MS + 50);
    const reply = await node.call({ msg_id: 2 });
    await node.end();
    expect(reply.body).toMatchObject({ error: 'Circuit breaker OPEN' });
  });

  it.each([
    [['--threshold', 'zero'], '--threshold must be an integer >= 1, got "zero"'],
    [['--reset-timeout-ms', '-5'], '--reset-timeout-ms must be an integer >= 0, got "-5"'],
    [['--retries', '3'], 'unknown flag --retries'],
  ])('exits 2 with a message on stderr for %j', async (args, message) => {
    const { code, stderr } = await BreakerNodeProcess.start(args).end();
    expect({ code, firstLine: stderr.split('\n')[0] }).toEqual({
      code: 2,
      firstLine: `breaker-node: ${message}`,
    });
  });
});
