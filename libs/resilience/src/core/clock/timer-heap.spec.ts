import fc from 'fast-check';
import { TimerHeap, type TimerEntry } from './timer-heap.js';

function drain(heap: TimerHeap, now = Infinity): void {
  for (let entry = heap.popDue(now); entry; entry = heap.popDue(now)) entry.callback();
}

function pushLabelled(heap: TimerHeap, order: string[], at: number, label: string): TimerEntry {
  return heap.push(at, () => order.push(label));
}

describe('TimerHeap', () => {
  it('pops entries in due-time order whatever the insertion order', () => {
    const heap = new TimerHeap();
    const order: string[] = [];
    for (const at of [50, 10, 40, 20, 30]) pushLabelled(heap, order, at, `t${at}`);
    drain(heap);
    expect(order).toEqual(['t10', 't20', 't30', 't40', 't50']);
  });

  it('pops entries due at the same time in insertion order', () => {
    const heap = new TimerHeap();
    const order: string[] = [];
    for (const label of ['a', 'b', 'c', 'd', 'e']) pushLabelled(heap, order, 100, label);
    drain(heap);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('pops nothing before the earliest entry is due', () => {
    const heap = new TimerHeap();
    heap.push(100, () => {});
    expect(heap.popDue(99)).toBeUndefined();
    expect(heap.size).toBe(1);
  });

  it('pops nothing when empty', () => {
    expect(new TimerHeap().popDue(Infinity)).toBeUndefined();
  });

  it('removes a cancelled entry from the middle and keeps the rest in order', () => {
    const heap = new TimerHeap();
    const order: string[] = [];
    const entries = [70, 10, 60, 20, 50, 30, 40].map((at) => pushLabelled(heap, order, at, `t${at}`));
    entries[3].cancel();
    entries[0].cancel();
    drain(heap);
    expect(order).toEqual(['t10', 't30', 't40', 't50', 't60']);
  });

  it('treats cancelling twice, or after the entry ran, as a no-op', () => {
    const heap = new TimerHeap();
    const ran = heap.push(1, () => {});
    const kept = heap.push(2, () => {});
    heap.popDue(1);
    ran.cancel();
    kept.cancel();
    kept.cancel();
    expect(heap.size).toBe(0);
  });

  it('pops exactly the entries not cancelled, ordered by due time then insertion (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 20 }), cancel: fc.boolean() }), { maxLength: 60 }),
        (specs) => {
          const heap = new TimerHeap();
          const popped: number[] = [];
          const entries = specs.map((spec, i) => heap.push(spec.at, () => popped.push(i)));
          specs.forEach((spec, i) => spec.cancel && entries[i].cancel());
          drain(heap);
          const expected = specs
            .map((spec, i) => ({ ...spec, i }))
            .filter((spec) => !spec.cancel)
            .sort((a, b) => a.at - b.at || a.i - b.i)
            .map((spec) => spec.i);
          expect(popped).toEqual(expected);
        },
      ),
    );
  });
});
