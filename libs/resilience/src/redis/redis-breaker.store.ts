import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BreakerStore, SharedBreaker } from '../core/index.js';
import {
  ACQUIRE_PROBE_LUA,
  CONFIGURE_LUA,
  PROBE_DONE_LUA,
  READ_LUA,
  RECORD_LUA,
  SET_STATE_LUA,
} from './breaker.lua.js';
import { parseBreakerReply, scriptSettings, type BreakerReply } from './breaker-reply.js';
import { RedisBreakerLink, type BreakerScript, type BreakerTransport } from './breaker-sync.js';
import type { BreakerStoreLogger, RedisBreakerStoreOptions } from './redis-breaker-store.options.js';
import { redisBreakerMessages as messages } from './redis-breaker.messages.js';

const SCRIPTS: Record<BreakerScript, string> = {
  record: RECORD_LUA,
  acquireProbe: ACQUIRE_PROBE_LUA,
  probeDone: PROBE_DONE_LUA,
  setState: SET_STATE_LUA,
  configure: CONFIGURE_LUA,
  read: READ_LUA,
};

type ScriptCommand = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Shares every breaker's state through Redis, so all replicas behave as one breaker per policy
 * name. Admission stays local: an open breaker rejects with no round trip; closed calls'
 * outcomes are recorded in the background (a failure with the next round trip, successes
 * together every `successFlushMs`), by Lua scripts; each transition is published to
 * every replica, and each re-reads the state every `refreshMs`. While Redis is unreachable
 * each breaker decides alone and the store says so once; it rejoins when Redis returns.
 * It uses `client` for commands and a `duplicate()` of it, its own, for the subscription.
 * @example
 * ResilienceModule.forRoot({ policies, breakerStore: new RedisBreakerStore(redis) })
 */
export class RedisBreakerStore implements BreakerStore, BreakerTransport {
  readonly probeLeaseMs: number;
  readonly successFlushMs: number;
  private readonly prefix: string;
  private readonly channel: string;
  private readonly timeoutMs: number;
  private readonly logger: BreakerStoreLogger;
  private readonly subscriber: Redis;
  private readonly links = new Map<string, Set<RedisBreakerLink>>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly refresher: NodeJS.Timeout;
  private readonly subscribed: Promise<void>;
  private readonly replica = randomUUID();
  private leases = 0;
  private reachable: boolean;
  private warned = false;
  private closed = false;
  private readonly onReady = (): void => this.rejoin();
  private readonly onClose = (): void => this.markDown(new Error('connection closed'));

  constructor(
    private readonly client: Redis,
    options: RedisBreakerStoreOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? 'carta:breaker:';
    this.channel = `${this.prefix}changes`;
    this.probeLeaseMs = options.probeLeaseMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 1_000;
    this.successFlushMs = options.successFlushMs ?? 100;
    this.logger = options.logger ?? console;
    for (const [name, lua] of Object.entries(SCRIPTS))
      client.defineCommand(commandName(name), { numberOfKeys: 3, lua });
    this.reachable = client.status === 'ready';
    client.on('ready', this.onReady);
    client.on('close', this.onClose);
    this.subscriber = client.duplicate();
    // The subscriber reconnects on its own; its errors are the command client's errors too.
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
    // Changes published before the subscription started are read once it has.
    this.subscribed = this.subscriber.subscribe(this.channel).then(
      () => (this.reachable ? this.rejoin() : undefined),
      () => undefined,
    );
    this.refresher = setInterval(() => this.refresh(), options.refreshMs ?? 1_000);
    this.refresher.unref();
  }

  /** False while Redis is unreachable: every breaker then decides alone. */
  get up(): boolean {
    return this.reachable;
  }

  link(breaker: SharedBreaker): RedisBreakerLink {
    const link = new RedisBreakerLink(breaker, this);
    let set = this.links.get(breaker.name);
    if (set === undefined) this.links.set(breaker.name, (set = new Set()));
    set.add(link);
    if (this.reachable) this.resync(link);
    return link;
  }

  /**
   * Sends the outcomes still waiting, then waits for every script on its way, including the
   * reads that follow the subscription's start on a store just made.
   */
  async settled(): Promise<void> {
    if (this.reachable && !this.closed) await this.subscribed;
    this.flushLinks();
    while (this.pending.size > 0) {
      await Promise.allSettled([...this.pending]);
      this.flushLinks();
    }
  }

  /** Stops the refresh and the subscription and quits the subscriber; `client` stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    // The successes still waiting for company go before the door closes.
    this.flushLinks();
    this.closed = true;
    clearInterval(this.refresher);
    this.client.off('ready', this.onReady);
    this.client.off('close', this.onClose);
    await this.settled();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  run(
    breaker: SharedBreaker,
    script: BreakerScript,
    args: (string | number)[],
  ): Promise<BreakerReply | undefined> {
    if (!this.reachable || this.closed) return Promise.resolve(undefined);
    return this.exec(breaker, script, args);
  }

  leaseId(): string {
    return `${this.replica}:${++this.leases}`;
  }

  drop(link: RedisBreakerLink): void {
    this.links.get(link.breaker.name)?.delete(link);
  }

  private exec(
    breaker: SharedBreaker,
    script: BreakerScript,
    args: (string | number)[],
  ): Promise<BreakerReply | undefined> {
    const command = (this.client as unknown as Record<string, ScriptCommand>)[commandName(script)];
    const key = `${this.prefix}${breaker.name}`;
    const call = command
      .call(
        this.client,
        `${key}:state`,
        `${key}:window`,
        `${key}:leases`,
        this.channel,
        breaker.name,
        scriptSettings(breaker.effectiveSettings),
        ...args,
      )
      .then(parseBreakerReply, (error: unknown) => {
        this.markDown(error);
        return undefined;
      });
    this.pending.add(call);
    void call.finally(() => this.pending.delete(call));
    return call;
  }

  private onMessage(message: string): void {
    const { p, r } = JSON.parse(message) as { p: string; r: unknown };
    for (const link of this.links.get(p) ?? []) link.apply(parseBreakerReply(r));
  }

  // The backstop for lost messages, and how a store that timed out finds Redis answering again.
  private refresh(): void {
    if (this.client.status !== 'ready') return;
    for (const link of this.allLinks()) {
      const read = this.readWithin(link);
      this.pending.add(read);
      void read.finally(() => this.pending.delete(read));
    }
  }

  private async readWithin(link: RedisBreakerLink): Promise<void> {
    const wasUp = this.reachable;
    const reply = await this.read(link.breaker);
    if (reply === undefined) return;
    if (wasUp) return link.apply(reply);
    this.rejoin();
  }

  private read(breaker: SharedBreaker): Promise<BreakerReply | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        this.markDown(new Error(`no answer within ${this.timeoutMs} ms`));
        resolve(undefined);
      }, this.timeoutMs);
    });
    // A store marked down still reads, to find out when Redis answers again.
    const reading = this.exec(breaker, 'read', []);
    return Promise.race([reading, timeout]).finally(() => clearTimeout(timer));
  }

  private rejoin(): void {
    if (this.closed) return;
    if (!this.reachable && this.warned) this.logger.log(messages.rejoined());
    this.reachable = true;
    this.warned = false;
    for (const link of this.allLinks()) this.resync(link);
  }

  private resync(link: RedisBreakerLink): void {
    void this.run(link.breaker, 'read', []).then((reply) => reply && link.resync(reply));
  }

  // Once per outage: one log line, and one store error counted for each breaker.
  private markDown(error: unknown): void {
    if (this.closed) return;
    const wasUp = this.reachable;
    this.reachable = false;
    if (!this.warned) {
      this.warned = true;
      this.logger.warn(messages.unreachable(error));
    }
    if (!wasUp) return;
    for (const link of this.allLinks())
      if (link.breaker.events.active)
        link.breaker.events.emit({ type: 'breaker_store_error', policy: link.breaker.name, error });
  }

  private flushLinks(): void {
    for (const link of this.allLinks()) link.flush();
  }

  private *allLinks(): Iterable<RedisBreakerLink> {
    for (const set of this.links.values()) yield* set;
  }
}

function commandName(script: string): string {
  return `cartaBreaker${script[0].toUpperCase()}${script.slice(1)}`;
}
