import { EventEmitter } from 'node:events';
import { InFlightRequests } from './in-flight-requests.js';

describe('InFlightRequests', () => {
  it('counts a request from track until its response closes', () => {
    const requests = new InFlightRequests();
    const first = new EventEmitter();
    const second = new EventEmitter();
    requests.track(first);
    requests.track(second);
    expect(requests.count).toBe(2);
    first.emit('close');
    expect(requests.count).toBe(1);
    second.emit('close');
    expect(requests.count).toBe(0);
  });

  it('reading the count changes nothing', () => {
    const requests = new InFlightRequests();
    requests.track(new EventEmitter());
    expect([requests.count, requests.count]).toEqual([1, 1]);
  });
});
