// Words of names and addresses as the matcher compares them: case, accents, punctuation and the usual
// abbreviations ("St", "Rd", "Ctr", "&") written one way.

/** Lower-case words without accents or punctuation; "&" is "and" and an apostrophe joins ("children's"). */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const ABBREVIATIONS: Record<string, string> = {
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  sq: 'square',
  cres: 'crescent',
  cresc: 'crescent',
  cl: 'close',
  gr: 'grove',
  gro: 'grove',
  pl: 'place',
  pde: 'parade',
  ter: 'terrace',
  terr: 'terrace',
  gdns: 'gardens',
  ct: 'court',
  pk: 'park',
  hse: 'house',
  bldg: 'building',
  ctr: 'centre',
  ctre: 'centre',
  cntr: 'centre',
  center: 'centre',
  centres: 'centre',
  centers: 'centre',
  mt: 'mount',
  sch: 'school',
  ch: 'church',
  hosp: 'hospital',
  univ: 'university',
  assoc: 'association',
  grp: 'group',
  soc: 'society',
  yth: 'youth',
  libraries: 'library',
};

// Before these a leading "St" or "Dr" is a title (St Peter's, Friends of St John's), elsewhere a street or drive.
const BEFORE_TITLE = new Set(['of', 'at', 'and', 'the', 'by', 'in', 'to', 'on']);

/** One part of a name or address (between commas) in words, abbreviations written out. */
export function expandedWords(part: string): string[] {
  const given = words(part);
  return given.map((word, index) => {
    if (word === 'st' || word === 'dr') {
      const previous = given[index - 1];
      const title =
        index < given.length - 1 &&
        (previous === undefined || /^\d/.test(previous) || BEFORE_TITLE.has(previous));
      if (word === 'st') return title ? 'saint' : 'street';
      return title ? 'doctor' : 'drive';
    }
    return ABBREVIATIONS[word] ?? word;
  });
}

/** Every word of a text, part by part, so "St" at the end of one part is not read as the start of the next. */
export function textWords(text: string): string[] {
  return text.split(/[,;\n]/).flatMap(expandedWords);
}

/** Words that end a thoroughfare's name: "Church Street", "Orchard Hill Park", "Ada Lovelace Way". */
export const THOROUGHFARES = new Set([
  'street',
  'road',
  'lane',
  'avenue',
  'way',
  'drive',
  'square',
  'crescent',
  'close',
  'grove',
  'place',
  'parade',
  'walk',
  'fold',
  'terrace',
  'row',
  'gardens',
  'court',
  'park',
  'green',
  'hill',
  'vale',
  'view',
  'mews',
  'rise',
  'boulevard',
  'precinct',
  'wynd',
  'gate',
  'brow',
  'bank',
]);

/** Bigrams of a string, counted. */
function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i += 1) {
    const pair = text.slice(i, i + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Sørensen–Dice similarity of two strings over character bigrams: 1 the same, 0 nothing in common. */
export function dice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const left = bigrams(a);
  const right = bigrams(b);
  let shared = 0;
  for (const [pair, count] of left) shared += Math.min(count, right.get(pair) ?? 0);
  return (2 * shared) / (a.length - 1 + (b.length - 1));
}

/** Edits (insert, delete, replace, swap two neighbours) that turn one word into the other. */
export function editDistance(a: string, b: string): number {
  const rows = [...Array(a.length + 1)].map((_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0][j] = j;
  for (let i = 1; i <= a.length; i += 1)
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  return rows[a.length][b.length];
}

/** The same word but for a slip ("Fernolw", "Manchestre"): one edit in five letters or more, two in eight. */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5 || /\d/.test(a) || /\d/.test(b)) return false;
  return editDistance(a, b) <= (shorter >= 8 ? 2 : 1);
}
