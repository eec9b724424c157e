// How a listing's cost reads: its own words first, since they keep the unit ("£45 a term or £4 a week"), and
// nothing said twice ("Free" beside "Free.").
import { plainText } from './text.js';

export interface CostFacts {
  free: boolean;
  /** The lowest amount above nothing, when the listing gives amounts. */
  lowest: number | null;
  /** The listing's own words on cost (HSDS fees_description). */
  description: string | null;
}

export const money = (amount: number) => `£${amount % 1 === 0 ? amount.toFixed(0) : amount.toFixed(2)}`;

const SAYS_FREE = /^free\b/i;
const FIRST_SENTENCE = /^(.+?[.;!?])(?:\s|$)/;
const BRIEF_LENGTH = 80;

/** One line for a search result: the first sentence of the listing's words, else Free, an amount, or ask. */
export function costInBrief(cost: CostFacts): string {
  const words = plainText(cost.description);
  if (words) {
    const sentence = (FIRST_SENTENCE.exec(words)?.[1] ?? words).replace(/[.;]$/, '');
    if (sentence.length <= BRIEF_LENGTH) return sentence;
  }
  if (cost.free) return 'Free';
  if (cost.lowest !== null) return `From ${money(cost.lowest)}`;
  return words ? `${words.slice(0, BRIEF_LENGTH).replace(/\s+\S*$/, '')}…` : 'Ask about cost';
}

/**
 * The lines of the cost section of an activity page or handout: "Free" unless the words already say so, each
 * priced option the words do not already give, then the words.
 */
export function costLines(
  cost: CostFacts & { options: { text: string; amount: number | null }[] },
): string[] {
  const words = plainText(cost.description);
  const lines: string[] = [];
  if (cost.free && !SAYS_FREE.test(words)) lines.push('Free');
  if (!cost.free) {
    for (const option of cost.options) {
      const said = option.amount !== null && option.amount > 0 && words.includes(money(option.amount));
      if (option.text && !said && !lines.includes(option.text)) lines.push(option.text);
    }
  }
  if (words) lines.push(words);
  return lines;
}
