/**
 * The node's user chain names in iptables-save order (sorted by name), kept up to date as chains
 * come and go so that render() walks them without sorting thousands of names each time. Small
 * changes are spliced in by binary search; a large batch is appended and sorted once, lazily.
 */

/** Past this many pending additions a full sort is cheaper than splicing one by one. */
const spliceLimit = 64;

export class SortedNames {
  private names: string[] = [];
  private unsorted = false;

  add(name: string): void {
    if (this.unsorted) {
      this.names.push(name);
      return;
    }
    this.names.splice(this.position(name), 0, name);
  }

  /** Adds many names; sorts lazily when the batch is large. */
  addAll(names: readonly string[]): void {
    if (names.length > spliceLimit) {
      this.names.push(...names);
      this.unsorted = true;
    } else {
      for (const name of names) this.add(name);
    }
  }

  remove(name: string): void {
    this.sort();
    const at = this.position(name);
    if (this.names[at] === name) this.names.splice(at, 1);
  }

  /** All names, sorted as a C strcmp would sort these ASCII names. */
  sorted(): readonly string[] {
    this.sort();
    return this.names;
  }

  private sort(): void {
    if (!this.unsorted) return;
    this.names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.unsorted = false;
  }

  private position(name: string): number {
    let low = 0;
    let high = this.names.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.names[mid] < name) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
