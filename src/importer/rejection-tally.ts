// Counts rejected rows by reason, keeping only the first few positions, so a million-row file that
// rejects thousands of rows still reports in a handful of lines.
import type { RecordPosition, Rejection } from './listing.js';

const EXAMPLES = 3;

/** "…/codepo_gb/Data/CSV/ka.csv" → "ka.csv": the first example names the whole path already. */
const lastSegment = (file: string) => file.split(/[/\\:]/).pop() ?? file;

export class RejectionTally {
  private readonly reasons = new Map<string, { count: number; examples: RecordPosition[] }>();
  total = 0;

  add(reason: string, position: RecordPosition): void {
    this.total += 1;
    const entry = this.reasons.get(reason) ?? { count: 0, examples: [] };
    entry.count += 1;
    if (entry.examples.length < EXAMPLES) entry.examples.push(position);
    this.reasons.set(reason, entry);
  }

  /** Count per reason, e.g. { "no coordinates": 836 }. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.reasons].map(([reason, { count }]) => [reason, count]));
  }

  /**
   * One rejection per reason, at its first position, saying how many rows share it and where the next
   * ones are: "no coordinates: 836 rows (also ka.csv record 40, bn.csv record 9, …)".
   */
  toRejections(): Rejection[] {
    return [...this.reasons].map(([reason, { count, examples }]) => {
      const also = examples
        .slice(1)
        .map(
          (p) => `${p.file === examples[0].file ? 'record' : `${lastSegment(p.file)} record`} ${p.index + 1}`,
        )
        .join(', ');
      const rows = count === 1 ? '1 row' : `${count} rows`;
      return {
        position: examples[0],
        id: null,
        reasons: [`${reason}: ${rows}${also ? ` (also ${also}${count > EXAMPLES ? ', …' : ''})` : ''}`],
      };
    });
  }
}
