import { FakeClock } from '../clock/fake-clock.js';
import { TimeoutQueue, type TimeoutNode } from './timeout-queue.js';

function node(name: string, fired: string[]): TimeoutNode {
  return {
    dueAt: 0,
    prevTimeout: undefined,
    nextTimeout: undefined,
    queuedIn: undefined,
    onTimeout: () => fired.push(name),
  };
}

describe('TimeoutQueue', () => {
  it('times nodes out in the order they were added, each after its full duration', () => {
    const clock = new FakeClock(0);
    const queue = new TimeoutQueue(clock, 100);
    const fired: string[] = [];
    queue.add(node('a', fired), clock.now());
    clock.advance(30);
    queue.add(node('b', fired), clock.now());
    clock.advance(69);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['a']);
    clock.advance(30);
    expect(fired).toEqual(['a', 'b']);
  });

  it('never fires a removed node, whether it was the head, the tail or in between', () => {
    const clock = new FakeClock(0);
    const queue = new TimeoutQueue(clock, 10);
    const fired: string[] = [];
    const nodes = ['a', 'b', 'c', 'd'].map((name) => node(name, fired));
    for (const n of nodes) queue.add(n, clock.now());
    queue.remove(nodes[0]);
    queue.remove(nodes[2]);
    queue.remove(nodes[3]);
    queue.remove(nodes[3]);
    clock.advance(10);
    expect(fired).toEqual(['b']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps one clock timer for many nodes and re-arms for the next head after a cancel', () => {
    const clock = new FakeClock(0);
    const queue = new TimeoutQueue(clock, 50);
    const fired: string[] = [];
    const first = node('first', fired);
    queue.add(first, clock.now());
    for (let i = 0; i < 100; i++) queue.add(node(`n${i}`, fired), clock.now());
    expect(clock.pendingTimers).toBe(1);
    queue.remove(first);
    clock.advance(10);
    queue.add(node('late', fired), clock.now());
    clock.advance(40);
    expect(fired).toHaveLength(100);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(10);
    expect(fired.at(-1)).toBe('late');
    expect(clock.pendingTimers).toBe(0);
  });
});
