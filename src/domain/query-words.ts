// Which words of a search carry its meaning. People type situations ("wants someone to talk to, can't get out
// since my fall"); the words that only frame the request would otherwise match half the directory's descriptions.

/** Framing words left out of searches, beside the English stop words the search engines already drop. */
export const FILLER_WORDS: readonly string[] = [
  'want',
  'wants',
  'wanted',
  'would',
  'like',
  'likes',
  'looking',
  'look',
  'someone',
  'something',
  'somewhere',
  'anyone',
  'anything',
  'really',
  'get',
  'getting',
  'go',
  'going',
  'keep',
  'keeps',
  'since',
  'can',
  'cant',
  'can’t',
  'cannot',
  'dont',
  'don’t',
  'won',
  'wont',
  'won’t',
  'im',
  'i’m',
  'need',
  'needs',
  'please',
  'find',
  'near',
  'nearby',
  'now',
  'still',
  'much',
  'lot',
  'bit',
  'thing',
  'things',
  'aged',
  'year',
  'years',
  'old',
  'last',
  'every',
];

const FILLER = new Set(FILLER_WORDS);

/**
 * The words of a search without its framing words, in their order; the text as typed when nothing else is left
 * (a search for "something" still searches for it).
 */
export function meaningfulWords(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const kept = words.filter((word) => {
    const plain = word
      .toLowerCase()
      .replace(/'/g, '’')
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}’]+$/gu, '');
    return !FILLER.has(plain) && !FILLER.has(plain.replace(/’/g, ''));
  });
  return kept.length ? kept.join(' ') : text.trim();
}
