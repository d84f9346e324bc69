/**
 * A binary heap with lookup by key (kube-scheduler `backend/heap`): the scheduling queue's
 * activeQ (highest priority, then oldest, first) and backoffQ (earliest expiry first) need
 * O(log n) push, pop and removal of any pod by its key.
 */
export class KeyedHeap<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly keyOf: (item: T) => string,
    /** True when a must come out before b. */
    private readonly before: (a: T, b: T) => boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds the item, or replaces the one with the same key and restores the order. */
  push(item: T): void {
    const key = this.keyOf(item);
    const i = this.index.get(key);
    if (i !== undefined) {
      this.items[i] = item;
      this.fix(i);
      return;
    }
    this.items.push(item);
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.removeAt(0);
  }

  delete(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.removeAt(i);
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }

  private removeAt(i: number): T {
    const item = this.items[i]!;
    const last = this.items.pop()!;
    this.index.delete(this.keyOf(item));
    if (i < this.items.length) {
      this.items[i] = last;
      this.index.set(this.keyOf(last), i);
      this.fix(i);
    }
    return item;
  }

  private fix(i: number): void {
    if (!this.up(i)) this.down(i);
  }

  private up(i: number): boolean {
    let moved = false;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.items[i]!, this.items[parent]!)) break;
      this.swap(i, parent);
      i = parent;
      moved = true;
    }
    return moved;
  }

  private down(i: number): void {
    for (;;) {
      const [left, right] = [2 * i + 1, 2 * i + 2];
      let first = i;
      if (left < this.items.length && this.before(this.items[left]!, this.items[first]!)) first = left;
      if (right < this.items.length && this.before(this.items[right]!, this.items[first]!)) first = right;
      if (first === i) return;
      this.swap(i, first);
      i = first;
    }
  }

  private swap(a: number, b: number): void {
    const [x, y] = [this.items[a]!, this.items[b]!];
    this.items[a] = y;
    this.items[b] = x;
    this.index.set(this.keyOf(y), a);
    this.index.set(this.keyOf(x), b);
  }
}
