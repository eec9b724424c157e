// What counts as an email address wherever one is typed: name@place.tld, without spaces or angle brackets.
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export const looksLikeEmail = (value: string): boolean => EMAIL.test(value);

/** An account's address: also no longer than a mailbox address can be. */
export const isEmail = (value: string): boolean => value.length <= 254 && looksLikeEmail(value);
