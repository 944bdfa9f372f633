import { jest } from '@jest/globals';
import { flushMicrotasks } from '../clock/fake-clock.js';
import { EventStream } from './event-stream.js';
import type { ResilienceEvent } from './resilience-event.js';

const event: ResilienceEvent = { type: 'retry_succeeded', policy: 'payments', attempt: 2 };

describe('EventStream', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is inactive while nobody listens', () => {
    expect(new EventStream().active).toBe(false);
  });

  it('is active once someone listens', () => {
    const stream = new EventStream();
    stream.subscribe(() => {});
    expect(stream.active).toBe(true);
  });

  it('delivers each event to every listener in subscription order', () => {
    const stream = new EventStream();
    const seen: string[] = [];
    stream.subscribe((e) => seen.push(`a:${e.type}`));
    stream.subscribe((e) => seen.push(`b:${e.type}`));
    stream.emit(event);
    expect(seen).toEqual(['a:retry_succeeded', 'b:retry_succeeded']);
  });

  it('stops delivering to a listener once it unsubscribes', () => {
    const stream = new EventStream();
    const listener = jest.fn();
    const unsubscribe = stream.subscribe(listener);
    unsubscribe();
    stream.emit(event);
    expect(listener).not.toHaveBeenCalled();
    expect(stream.active).toBe(false);
  });

  it('keeps delivering to the other listeners when one throws', () => {
    jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const stream = new EventStream();
    const after = jest.fn();
    stream.subscribe(() => {
      throw new Error('exporter down');
    });
    stream.subscribe(after);
    expect(() => stream.emit(event)).not.toThrow();
    expect(after).toHaveBeenCalledWith(event);
  });

  it('reports a throwing listener as a process warning, outside the emitting call', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const stream = new EventStream();
    stream.subscribe(() => {
      throw new Error('exporter down');
    });
    stream.emit(event);
    expect(warn).not.toHaveBeenCalled();
    await flushMicrotasks();
    expect(warn).toHaveBeenCalledWith('resilience event listener threw: Error: exporter down');
  });

  it('delivers the current event to every listener even if one unsubscribes another meanwhile', () => {
    const stream = new EventStream();
    const second = jest.fn();
    let unsubscribeSecond = (): void => {};
    stream.subscribe(() => unsubscribeSecond());
    unsubscribeSecond = stream.subscribe(second);
    stream.emit(event);
    expect(second).toHaveBeenCalledTimes(1);
  });
});
