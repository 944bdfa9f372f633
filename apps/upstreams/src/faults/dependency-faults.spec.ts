import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { DependencyFaults } from './dependency-faults.js';
import { HEALTHY, type FaultSettings } from './fault-settings.js';
import type { ServerListener } from './server-listener.js';

/** Records what it was told, and answers at once. */
class FakeListener {
  listening = true;
  readonly calls: string[] = [];
  async open(): Promise<void> {
    this.calls.push('open');
    this.listening = true;
  }
  async shut(): Promise<void> {
    this.calls.push('shut');
    this.listening = false;
  }
}

class FakeSocket extends EventEmitter {
  destroyed = false;
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

function setup(random = () => 0.5) {
  const listener = new FakeListener();
  const faults = new DependencyFaults('payments', listener as unknown as ServerListener, random);
  return { listener, faults };
}

const settings = (change: Partial<FaultSettings>): FaultSettings => ({ ...HEALTHY, ...change });

describe('DependencyFaults', () => {
  it('shuts the listener for "down" and opens it again for any other mode', async () => {
    const { listener, faults } = setup();
    await faults.apply(settings({ mode: 'down' }));
    expect(listener.listening).toBe(false);
    await faults.apply(settings({ mode: 'hang' }));
    expect(listener.listening).toBe(true);
  });

  it('runs changes one at a time, in the order they came', async () => {
    const { listener, faults } = setup();
    await Promise.all([faults.apply(settings({ mode: 'down' })), faults.apply(settings({ mode: 'up' }))]);
    expect(listener.calls).toEqual(['shut', 'open']);
    expect(faults.settings.mode).toBe('up');
  });

  it('destroys the connections "hang" holds once the mode changes', async () => {
    const { faults } = setup();
    await faults.apply(settings({ mode: 'hang' }));
    const socket = new FakeSocket();
    faults.hold(socket as unknown as Socket);
    await faults.apply(settings({ mode: 'up' }));
    expect(socket.destroyed).toBe(true);
    expect(faults.hungCount).toBe(0);
  });

  it('counts each held request as hung', async () => {
    const { faults } = setup();
    faults.hold(new FakeSocket() as unknown as Socket);
    expect(faults.stats.snapshot().outcomes.hung).toBe(1);
  });

  it('keeps the previous settings when the listener cannot open again', async () => {
    const { listener, faults } = setup();
    await faults.apply(settings({ mode: 'down' }));
    listener.open = async () => {
      throw new Error('EADDRINUSE');
    };
    await expect(faults.apply(settings({ mode: 'up' }))).rejects.toThrow('EADDRINUSE');
    expect(faults.settings.mode).toBe('down');
  });

  it('fails requests with probability failRate: all at 1, none at 0', async () => {
    const { faults } = setup(() => 0.999);
    await faults.apply(settings({ failRate: 1 }));
    expect(faults.nextFails()).toBe(true);
    await faults.apply(settings({ failRate: 0 }));
    expect(faults.nextFails()).toBe(false);
  });

  it('fails exactly the next failNext requests, then reads back without the counter', async () => {
    const { faults } = setup();
    await faults.apply(settings({ failNext: 2 }));
    expect([faults.nextFails(), faults.nextFails(), faults.nextFails()]).toEqual([true, true, false]);
    expect(faults.settings).toEqual(HEALTHY);
  });

  it('drops every response in "reset" mode and exactly resetNext of them otherwise', async () => {
    const { faults } = setup();
    await faults.apply(settings({ mode: 'reset' }));
    expect([faults.nextResets(), faults.nextResets()]).toEqual([true, true]);
    await faults.apply(settings({ resetNext: 1 }));
    expect([faults.nextResets(), faults.nextResets()]).toEqual([true, false]);
  });

  it('delays by the latency plus a share of the jitter', async () => {
    const { faults } = setup(() => 0.25);
    await faults.apply(settings({ latencyMs: 100, jitterMs: 40 }));
    expect(faults.nextDelayMs()).toBe(110);
  });

  it('ignores changes once closed and releases what it holds', async () => {
    const { listener, faults } = setup();
    await faults.apply(settings({ mode: 'hang' }));
    const socket = new FakeSocket();
    faults.hold(socket as unknown as Socket);
    await faults.close();
    await faults.apply(settings({ mode: 'up' }));
    expect(socket.destroyed).toBe(true);
    expect(listener.listening).toBe(false);
  });
});
