// A link worker's saved list: what a caseload needs and no more, under a name that must not identify a patient.
export const SAVED_LISTS_MAX = 250;
export const SAVED_LIST_ITEMS_MAX = 20;
export const SAVED_LIST_NAME_MAX = 60;

export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

const ADVICE = 'Use a reference that does not identify anyone, such as “Tues clinic 3”.';

/** A full UK postcode ("BS5 6AW", "bs56aw"); a district alone ("BS5") is a place, not a person's address. */
const FULL_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** A run of digits that may be broken by spaces, dots, dashes or brackets ("943 476 5919", "(0117) 496-0000"). */
const DIGIT_RUN = /\+?\d[\d\s().-]*\d/g;

/** What the name looks like, if it looks like something that identifies a person. */
function identifierIn(name: string): string | null {
  if (EMAIL.test(name)) return 'an email address';
  for (const run of name.match(DIGIT_RUN) ?? []) {
    const digits = run.replace(/\D/g, '');
    if (digits.length === 10 && !run.startsWith('+') && !digits.startsWith('0')) return 'an NHS number';
    if (digits.length >= 10) return 'a phone number';
  }
  if (FULL_POSTCODE.test(name)) return 'a full postcode';
  return null;
}

/** The name as kept (spaces trimmed and runs of them made one), or why it cannot be used. */
export function checkListName(typed: string): NameCheck {
  // eslint-disable-next-line no-control-regex
  const name = typed.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  if (name === '') return { ok: false, message: 'Enter a name for the list' };
  if (name.length > SAVED_LIST_NAME_MAX)
    return { ok: false, message: `Name must be ${SAVED_LIST_NAME_MAX} characters or fewer` };
  const looksLike = identifierIn(name);
  if (looksLike)
    return {
      ok: false,
      message: `The name looks like it contains ${looksLike}. Do not use anything that could identify a patient. ${ADVICE}`,
    };
  return { ok: true, name };
}
