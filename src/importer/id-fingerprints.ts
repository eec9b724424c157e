// The ids an import has seen, kept as 64-bit fingerprints with the record that first used each (12 bytes an
// id in typed arrays), so checking a million records for repeated ids does not hold a million strings.
import { randomInt } from 'node:crypto';

const EMPTY = 0;
const FIRST_CAPACITY = 1 << 12;
const MAX_LOAD = 0.75;

export class IdFingerprints {
  private high = new Uint32Array(FIRST_CAPACITY);
  private low = new Uint32Array(FIRST_CAPACITY);
  /** The first record's number + 1 (0 is an empty slot). */
  private owners = new Uint32Array(FIRST_CAPACITY);
  private count = 0;
  // Seeded per import: a feed cannot be written to make its ids collide (and the table slow) on purpose.
  private readonly seed = randomInt(2 ** 32);
  private h1 = 0;
  private h2 = 0;

  get size(): number {
    return this.count;
  }

  /** The record that first used this id, or -1. Two different ids share a fingerprint about once in 2^64. */
  ownerOf(id: string): number {
    this.fingerprint(id);
    const slot = this.find(this.h1, this.h2);
    return this.owners[slot] === EMPTY ? -1 : this.owners[slot] - 1;
  }

  has(id: string): boolean {
    return this.ownerOf(id) !== -1;
  }

  /** Remembers `record` as the first user of the id, unless one is already known. */
  add(id: string, record: number): void {
    this.fingerprint(id);
    const slot = this.find(this.h1, this.h2);
    if (this.owners[slot] !== EMPTY) return;
    this.high[slot] = this.h1;
    this.low[slot] = this.h2;
    this.owners[slot] = record + 1;
    this.count += 1;
    if (this.count > this.owners.length * MAX_LOAD) this.rebuild(this.owners.length * 2, Infinity);
  }

  /** Forgets every id first used by record `from` or a later one (a file refused after some of its records). */
  forgetFrom(from: number): void {
    this.rebuild(this.owners.length, from);
  }

  private find(h1: number, h2: number): number {
    const mask = this.owners.length - 1;
    let slot = h2 & mask;
    while (this.owners[slot] !== EMPTY && (this.high[slot] !== h1 || this.low[slot] !== h2))
      slot = (slot + 1) & mask;
    return slot;
  }

  private rebuild(capacity: number, keepBelow: number): void {
    const { high, low, owners } = this;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.owners = new Uint32Array(capacity);
    this.count = 0;
    for (let slot = 0; slot < owners.length; slot++) {
      if (owners[slot] === EMPTY || owners[slot] - 1 >= keepBelow) continue;
      const to = this.find(high[slot], low[slot]);
      this.high[to] = high[slot];
      this.low[to] = low[slot];
      this.owners[to] = owners[slot];
      this.count += 1;
    }
  }

  /** cyrb53's mixing, both 32-bit halves kept (64 bits), into h1 and h2 (no allocation per id). */
  private fingerprint(id: string): void {
    let h1 = 0xdeadbeef ^ this.seed;
    let h2 = 0x41c6ce57 ^ this.seed;
    for (let i = 0; i < id.length; i++) {
      const code = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    this.h1 = h1 >>> 0;
    this.h2 = h2 >>> 0;
  }
}
