/**
 * Okta's `search` parameter reads an eventually consistent index: a user or group created or
 * changed a moment ago is missing from, or stale in, search results for a while, whereas `filter`,
 * `q` and reads by id see the write at once. The simulator reproduces that with a journal of the
 * values objects had before each write made within the last `searchLagMs`: search reads an object
 * as it was `searchLagMs` ago, everything else reads the live object.
 *
 * With a lag of 0 (the default) nothing is recorded and search reads the live objects, so the
 * journal costs nothing unless a test asks for lag.
 */

interface Change<T> {
  at: number;
  /** The value before this write; undefined when the write created the object. */
  before: T | undefined;
}

/** The journal of recent writes of one kind of object (users, groups). */
export class SearchLag<T extends { id: string }> {
  private readonly changes = new Map<string, Array<Change<T>>>();
  /** Every recorded write in time order, for pruning. */
  private queue: Array<{ at: number; id: string }> = [];
  private head = 0;
  private lagMs: () => number = () => 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Connects the journal to the org's current lag. Done once the seed is loaded, so that the
   * seeded org is fully searchable from the start whatever the configured lag.
   */
  bind(lagMs: () => number): void {
    this.lagMs = lagMs;
  }

  /** True when search must read the past rather than the live objects. */
  get active(): boolean {
    return this.lagMs() > 0;
  }

  /**
   * Records a write about to happen to object `id`.
   * @param before its current value (cloned here), undefined when the write creates it.
   */
  record(id: string, before: T | undefined): void {
    if (this.lagMs() <= 0) {
      if (this.changes.size > 0) this.clear();
      return;
    }
    this.prune();
    const at = this.now();
    let list = this.changes.get(id);
    if (!list) {
      list = [];
      this.changes.set(id, list);
    }
    list.push({ at, before: before === undefined ? undefined : structuredClone(before) });
    this.queue.push({ at, id });
  }

  /** Forgets writes older than the lag: search sees them now. */
  prune(): void {
    const cutoff = this.now() - this.lagMs();
    while (this.head < this.queue.length && this.queue[this.head]!.at <= cutoff) {
      const { id } = this.queue[this.head++]!;
      const list = this.changes.get(id);
      list?.shift();
      if (list && list.length === 0) this.changes.delete(id);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Ids of the objects written within the lag (call {@link prune} first). */
  changedIds(): IterableIterator<string> {
    return this.changes.keys();
  }

  /**
   * The value search sees for object `id` (call {@link prune} first): the live value when it was
   * not written within the lag, otherwise its value before the first of those writes (undefined
   * for an object created within the lag).
   */
  view(id: string, live: T | undefined): T | undefined {
    const list = this.changes.get(id);
    return list ? list[0]!.before : live;
  }

  /** Drops the whole journal (lag set back to 0, or data reseeded). */
  clear(): void {
    this.changes.clear();
    this.queue = [];
    this.head = 0;
  }
}
