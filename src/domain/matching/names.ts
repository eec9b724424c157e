// Names of activities and organisations, reduced to the words that tell one from another, and compared.
import { dice, sameWord, textWords } from './words.js';

/**
 * Words that say what kind of thing it is, not which one: "Fernlow Library" and "Fernlow" are one library,
 * "Holmwick Library & Adult Learning Centre" and "Holmwick Library and Adult Learning Center" one name.
 */
const GENERIC_NAME_WORDS = new Set([
  'the',
  'and',
  'of',
  'at',
  'for',
  'a',
  'an',
  'in',
  'on',
  'with',
  'library',
  'centre',
  'community',
  'group',
  'club',
]);

/** Words in organisation names that every council or charity has. */
const GENERIC_ORGANISATION_WORDS = new Set([
  'the',
  'and',
  'of',
  'council',
  'city',
  'metropolitan',
  'borough',
  'district',
  'county',
  'royal',
  'london',
  'ltd',
  'limited',
  'cic',
  'cio',
  'plc',
  'charity',
  'charitable',
  'incorporated',
  'inc',
]);

export interface NameKey {
  /** The distinctive words, in their order. */
  tokens: string[];
  /** The words joined by spaces; the key two names must share to be "the same". */
  key: string;
}

function nameKey(text: string, generic: Set<string>): NameKey | null {
  const all = textWords(text);
  if (!all.length) return null;
  const distinctive = all.filter((word) => !generic.has(word));
  // A name that is nothing but generic words ("The Library") is compared as it is.
  const tokens = distinctive.length ? distinctive : all;
  return { tokens, key: tokens.join(' ') };
}

export const activityNameKey = (name: string) => nameKey(name, GENERIC_NAME_WORDS);
export const organisationKey = (name: string) => nameKey(name, GENERIC_ORGANISATION_WORDS);

export type NameAgreement = 'exact' | 'close' | 'contained' | 'partial' | 'different';

export interface NameComparison {
  agreement: NameAgreement;
  /** 0–1: the better of the bigram similarity of the words in order, sorted, and without spaces. */
  similarity: number;
}

/** Every word of the shorter name found (allowing a slip) in the longer one. */
function contained(a: string[], b: string[]): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.every((word) => longer.some((other) => sameWord(word, other)));
}

function sharedShare(a: string[], b: string[]): number {
  const shared = a.filter((word) => b.some((other) => sameWord(word, other))).length;
  return shared / Math.max(a.length, b.length);
}

const CLOSE = 0.85;
const PARTIAL = 0.6;

/**
 * How far two names agree: exact (same words, or the same letters run together as in "Stanwell Edge" and
 * "Stanwelledge"), close (a slip or two), contained (one adds words: "Brackenby Library" / "Brackenby Gateway
 * Library"), partial (half their words or a loose likeness), or different.
 */
export function compareNames(a: NameKey, b: NameKey): NameComparison {
  const compactA = a.tokens.join('');
  const compactB = b.tokens.join('');
  const similarity = Math.max(
    dice(a.key, b.key),
    dice([...a.tokens].sort().join(' '), [...b.tokens].sort().join(' ')),
    dice(compactA, compactB),
  );
  if (a.key === b.key || compactA === compactB) return { agreement: 'exact', similarity: 1 };
  const slips =
    a.tokens.length === b.tokens.length && a.tokens.every((word, i) => sameWord(word, b.tokens[i]));
  if (similarity >= CLOSE || slips) return { agreement: 'close', similarity };
  if (contained(a.tokens, b.tokens)) return { agreement: 'contained', similarity };
  if (similarity >= PARTIAL || sharedShare(a.tokens, b.tokens) >= 0.5)
    return { agreement: 'partial', similarity };
  return { agreement: 'different', similarity };
}
