// What a live feed got wrong during a crawl, counted by kind with the first few examples, so a feed that fails in
// thousands of places still reports in a handful of lines; none of it stops the crawl.

const EXAMPLES = 3;

export class FeedFaults {
  private readonly kinds = new Map<string, { count: number; examples: string[] }>();

  /** One occurrence of a kind of fault, where it happened (an address, an id) and, optionally, what was seen. */
  add(kind: string, where: string, detail?: string): void {
    const entry = this.kinds.get(kind) ?? { count: 0, examples: [] };
    entry.count += 1;
    if (entry.examples.length < EXAMPLES) entry.examples.push(detail ? `${where}: ${detail}` : where);
    this.kinds.set(kind, entry);
  }

  count(kind: string): number {
    return this.kinds.get(kind)?.count ?? 0;
  }

  get total(): number {
    return [...this.kinds.values()].reduce((n, { count }) => n + count, 0);
  }

  /** "feed fault: answered only after retrying: 2 (…/services/a: 503 Service Unavailable; …)". */
  lines(): string[] {
    return [...this.kinds].map(([kind, { count, examples }]) => {
      const more = count > examples.length ? '; …' : '';
      return `feed fault: ${kind}: ${count} (${examples.join('; ')}${more})`;
    });
  }
}
