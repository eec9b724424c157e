// What makes a session secret (the HMAC key of sessions and signed links) good enough to rely on.

export const MIN_SESSION_SECRET_LENGTH = 32;

const HOW_TO_MAKE_ONE = 'use at least 32 random characters, e.g. from `openssl rand -base64 48`';

// Words that placeholder values are made of ("changeme", "your-secret-here", "development-only-session-secret").
const PLACEHOLDER_WORDS = [
  'development placeholder characters production directory generated something changeme generate ',
  'insecure password another default example letmein replace session signing testing change config ',
  'cookie hunter passwd please qwerty random sample secret server string strong unique admin chars ',
  'dummy fixme least local super there token value auth from here hmac long only pass prod sign some ',
  'test this todo very with word your abc and app bar baz dev env foo for key new not our own put set ',
  'the use xxx xyz yes an at be do in is it me my no of or to a',
]
  .join('')
  .split(' ');

/** Whether the text is nothing but placeholder words and digits (a linear walk: no regex backtracking). */
function madeOfPlaceholders(text: string): boolean {
  const reachable = new Array<boolean>(text.length + 1).fill(false);
  reachable[0] = true;
  for (let at = 0; at < text.length; at++) {
    if (!reachable[at]) continue;
    if (/\d/.test(text[at])) reachable[at + 1] = true;
    for (const word of PLACEHOLDER_WORDS) if (text.startsWith(word, at)) reachable[at + word.length] = true;
  }
  return reachable[text.length];
}

/**
 * Why this secret must not be used (the end of a sentence starting "SESSION_SECRET …"), or null when it is
 * fine: too short, made of placeholder words anyone would guess, or too few different characters.
 */
export function sessionSecretProblem(secret: string): string | null {
  if (secret.length < MIN_SESSION_SECRET_LENGTH)
    return `is only ${secret.length} characters long: ${HOW_TO_MAKE_ONE}`;
  const letters = secret.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (madeOfPlaceholders(letters))
    return `is a placeholder anyone could guess, so anyone could sign links with it: ${HOW_TO_MAKE_ONE}`;
  if (new Set(secret).size < 10)
    return `repeats too few different characters to be secret: ${HOW_TO_MAKE_ONE}`;
  return null;
}
