// Query expansion: a search that names one of the directory's terms, by its name or a synonym ("my dad died",
// "someone to talk to", "keeps forgetting things"), also looks for the words providers use for it in their own
// descriptions ("bereavement", "befriending", "dementia"). Listings imported from other directories rarely carry
// our terms, so without this the synonyms reach only the listings tagged with them.
import { vocabularies } from './vocabulary.js';

/**
 * Words as compared: lower case, apostrophes dropped, anything else between letters and digits a space, and a
 * final "s" dropped from longer words, so that "teenager" meets "teenagers" and "men's shed" meets "mens shed".
 */
function plainWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) =>
      word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word,
    );
}

/** Whether `words` has `phrase`'s words together, in order. */
function mentions(words: string[], phrase: string[]): boolean {
  if (!phrase.length) return false;
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((word, k) => words[i + k] === word)) return true;
  }
  return false;
}

/**
 * A short synonym in capitals ("IT", "COPD", "ESOL") is an abbreviation: it is met only as written, so that "it"
 * in "won't talk about it" is not information technology.
 */
const isAbbreviation = (synonym: string) => /^[A-Z]{2,5}$/.test(synonym);

/** Each term's words and the listing words it brings, both also as compared (worked out once, not per search). */
const EXPANDING = vocabularies.flatMap((v) =>
  v.terms
    .filter((term) => term.listingWords?.length)
    .map((term) => ({
      named: [term.name, ...term.synonyms].map((phrase) => ({ phrase, words: plainWords(phrase) })),
      listingWords: term.listingWords!,
      ownWords: term.listingWords!.map(plainWords),
    })),
);

/**
 * For an engine that widens word by word (Meilisearch's synonyms): each synonym that is not itself one of the
 * providers' words, with the listing words it brings ("died" → "bereavement", "grief"…; "anxiety" → nothing).
 */
export function expansionLinks(): { synonym: string; listingWords: string[] }[] {
  return EXPANDING.flatMap((term) =>
    term.named
      .filter(({ words }) => !term.ownWords.some((listingWord) => mentions(words, listingWord)))
      .map(({ phrase }) => ({ synonym: phrase, listingWords: term.listingWords })),
  );
}

/**
 * The listing words to look for beside what was typed, one group for each term the text names in other words than
 * the providers'. In the vocabulary's order, a word in one group only.
 */
export function expansions(typed: string): string[][] {
  const words = plainWords(typed);
  const typedAsIs = new Set(typed.split(/[^\p{L}\p{N}]+/u));
  const seen = new Set<string>();
  const groups: string[][] = [];
  for (const term of EXPANDING) {
    const named = term.named.some(({ phrase, words: phraseWords }) =>
      isAbbreviation(phrase) ? typedAsIs.has(phrase) : mentions(words, phraseWords),
    );
    // Someone who already uses the providers' words ("yoga", "anxiety group", "food bank") has said what they want:
    // "yoga" is not widened to tai chi, nor "anxiety" to depression.
    if (!named || term.ownWords.some((listingWord) => mentions(words, listingWord))) continue;
    const group = term.listingWords.filter((word) => !seen.has(word));
    for (const word of group) seen.add(word);
    if (group.length) groups.push(group);
  }
  return groups;
}
