import type { Timer } from './clock.js';

/** One scheduled callback; its heap index lets cancel() remove it in O(log n). */
export class TimerEntry implements Timer {
  index = -1;
  constructor(
    readonly at: number,
    readonly seq: number,
    readonly callback: () => void,
    private readonly heap: TimerHeap,
  ) {}

  cancel(): void {
    if (this.index >= 0) this.heap.remove(this);
  }
}

/**
 * A binary min-heap of timers ordered by due time, then insertion order. Both clocks drive
 * one: the system clock with a single Node timer for the earliest entry, the fake clock by
 * hand. One Node timer for everything matters: setTimeout+clearTimeout costs ~290 ns, and
 * nearly every per-attempt timeout is cancelled.
 */
export class TimerHeap {
  private readonly items: TimerEntry[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): TimerEntry | undefined {
    return this.items[0];
  }

  push(at: number, callback: () => void): TimerEntry {
    const entry = new TimerEntry(at, this.seq++, callback, this);
    entry.index = this.items.length;
    this.items.push(entry);
    this.up(entry.index);
    return entry;
  }

  /** Removes and returns the earliest entry if it is due at `now`. */
  popDue(now: number): TimerEntry | undefined {
    const top = this.items[0];
    if (top === undefined || top.at > now) return undefined;
    this.remove(top);
    return top;
  }

  remove(entry: TimerEntry): void {
    const i = entry.index;
    const last = this.items.pop()!;
    entry.index = -1;
    if (last === entry) return;
    this.items[i] = last;
    last.index = i;
    this.down(i);
    this.up(i);
  }

  private less(a: TimerEntry, b: TimerEntry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    const items = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i], items[parent])) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const items = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < items.length && this.less(items[l], items[min])) min = l;
      if (r < items.length && this.less(items[r], items[min])) min = r;
      if (min === i) return;
      this.swap(i, min);
      i = min;
    }
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const t = items[a];
    items[a] = items[b];
    items[b] = t;
    items[a].index = a;
    items[b].index = b;
  }
}
