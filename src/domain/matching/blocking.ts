// Which pairs to compare at all: records that share a blocking key (postcode district, phone number, e-mail
// host, a distinctive name word) and come from different sources. Never every pair.
import { emailHost, WEBMAIL_HOSTS } from './contact.js';
import type { PreparedRecord } from './record.js';

/** A key shared by more records than this says little and would make too many pairs; it is set aside. */
export const MAX_BLOCK_SIZE = 400;

export function blockingKeys(record: PreparedRecord): string[] {
  const keys = new Set<string>();
  if (record.postcode) keys.add(`district:${record.postcode.district}`);
  for (const phone of record.phones) keys.add(`phone:${phone}`);
  // A webmail host is shared by strangers: there the whole address is the key.
  for (const email of record.emails)
    keys.add(`email:${WEBMAIL_HOSTS.has(emailHost(email)) ? email : emailHost(email)}`);
  for (const word of record.name?.tokens ?? [])
    if (word.length >= 3 && !/^\d+$/.test(word)) keys.add(`name:${word}`);
  return [...keys];
}

export interface Blocking {
  /** Index pairs into the records given, each once, lower index first. */
  pairs: [number, number][];
  /** Every pair of records from different sources: what comparing without blocking would cost. */
  possible: number;
  /** Keys left out for holding more than `maxBlockSize` records, largest first. */
  skipped: { key: string; size: number }[];
}

export function candidatePairs(records: PreparedRecord[], maxBlockSize = MAX_BLOCK_SIZE): Blocking {
  const blocks = new Map<string, number[]>();
  records.forEach((record, index) => {
    for (const key of blockingKeys(record)) {
      const block = blocks.get(key);
      if (block) block.push(index);
      else blocks.set(key, [index]);
    }
  });
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  const skipped: Blocking['skipped'] = [];
  for (const [key, members] of blocks) {
    if (members.length > maxBlockSize) {
      skipped.push({ key, size: members.length });
      continue;
    }
    for (let x = 0; x < members.length; x += 1)
      for (let y = x + 1; y < members.length; y += 1) {
        const [i, j] = [members[x], members[y]];
        if (records[i].record.source === records[j].record.source) continue;
        const id = i * records.length + j;
        if (seen.has(id)) continue;
        seen.add(id);
        pairs.push([i, j]);
      }
  }
  return { pairs, possible: crossSourcePairs(records), skipped: skipped.sort((p, q) => q.size - p.size) };
}

function crossSourcePairs(records: PreparedRecord[]): number {
  const bySource = new Map<string, number>();
  for (const { record } of records) bySource.set(record.source, (bySource.get(record.source) ?? 0) + 1);
  let same = 0;
  for (const count of bySource.values()) same += (count * (count - 1)) / 2;
  return (records.length * (records.length - 1)) / 2 - same;
}
