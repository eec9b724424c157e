// Phone numbers, e-mail addresses and websites written one way, so the same contact written two ways agrees.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { getDomain } from 'tldts';
import { looksLikeEmail } from '../email-address.js';
import { safeLink } from '../links.js';

// A run that starts like a phone number (+44…, 0…, (0…) and holds only what numbers are written with.
const PHONE_LIKE = /(?:\+|\(?0)[\d\s().-]{8,}\d/g;

/**
 * Every UK phone number in a text as E.164 ("+441619123456"), however written: "0161 912 3456",
 * "+44 (0)161 912-3456", "0044 161 9123456", several in one field, extensions dropped. A number written
 * without its area code ("912 3456") cannot be placed and is left out.
 */
export function canonicalPhones(text: string | null | undefined): string[] {
  const found = new Set<string>();
  for (const candidate of (text ?? '').match(PHONE_LIKE) ?? []) {
    const parsed = parsePhoneNumberFromString(candidate.trim(), 'GB');
    if (parsed?.isPossible()) found.add(parsed.number);
  }
  return [...found];
}

/** Providers whose host says nothing about who sent the mail. */
export const WEBMAIL_HOSTS = new Set([
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'outlook.com',
  'live.com',
  'live.co.uk',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'btinternet.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'sky.com',
  'talktalk.net',
  'virginmedia.com',
  'ntlworld.com',
  'protonmail.com',
  'proton.me',
]);

/** Every e-mail address in a field, lower-cased, "mailto:" taken off. */
export function canonicalEmails(text: string | null | undefined): string[] {
  if (!text) return [];
  const found = text
    .replace(/mailto:/gi, ' ')
    .split(/[\s,;<>()]+/)
    .map((part) => part.replace(/^[.'"]+|[.'"]+$/g, '').toLowerCase())
    .filter(looksLikeEmail);
  return [...new Set(found)];
}

export const emailHost = (email: string) => email.slice(email.lastIndexOf('@') + 1);

/** Sites where a host is shared by everyone: only the path tells two pages apart. */
const PLATFORM_HOSTS = new Set([
  'facebook.com',
  'instagram.com',
  'twitter.com',
  'x.com',
  'linktr.ee',
  'eventbrite.co.uk',
  'eventbrite.com',
  'meetup.com',
  'google.com',
  'youtube.com',
  'linkedin.com',
  'tiktok.com',
  'nextdoor.co.uk',
  'bit.ly',
]);

// Query parameters that say where a visitor came from, not which page it is.
const TRACKING =
  /^(utm_.*|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid|ref|ref_src|si|s_cid)$/i;

export interface WebsiteKey {
  /** The registrable domain ("example.gov.uk" for www.example.gov.uk and secure.example.gov.uk). */
  host: string;
  /** Host, path and the query parameters that pick a page: "example.gov.uk/index.aspx?articleid=4711". */
  page: string;
  /** A social network or booking site, where the host alone says nothing. */
  platform: boolean;
}

// A malformed escape ("%E0%A4%A") is compared as written rather than refused.
function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** A website as its registrable host and page, without scheme, "www.", index pages, case or tracking noise. */
export function canonicalWebsite(text: string | null | undefined): WebsiteKey | null {
  const link = safeLink(text);
  if (!link || !/^https?:/i.test(link)) return null;
  const url = new URL(link);
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  const host = getDomain(hostname, { allowPrivateDomains: true }) ?? hostname.replace(/^www\./, '');
  const path = decoded(url.pathname)
    .toLowerCase()
    .replace(/\/(index|default|home)\.(html?|php|aspx?)$/, '/')
    .replace(/\/+$/, '');
  const query = [...url.searchParams]
    .filter(([name]) => !TRACKING.test(name))
    .map(([name, value]) => `${name.toLowerCase()}=${value}`)
    .sort()
    .join('&');
  return { host, page: `${host}${path}${query ? `?${query}` : ''}`, platform: PLATFORM_HOSTS.has(host) };
}
