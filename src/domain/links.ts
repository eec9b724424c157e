// The one rule for addresses that become links (websites, joining and booking links, logos): only http(s),
// mailto and tel. A feed's "javascript:" website must never become an href.

export const LINK_SCHEMES = ['http:', 'https:', 'mailto:', 'tel:'];

/** Said wherever an address is refused or dropped. */
export const LINK_RULE = 'a web address (https://…), or a mailto: or tel: link';

// A web address written without its scheme, as feeds often do: "www.example.org", "example.org/clubs".
const BARE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:[/?#]\S*)?$/i;
// The URL parser silently drops tabs and line breaks ("java\tscript:"); such a value is refused outright.
const CONTROL = /\p{Cc}/u;

/**
 * The address to link to, or null when it must not be a link. A bare host gets https://; anything with another
 * scheme (javascript:, data:, vbscript:, file:…), relative or malformed is refused.
 */
export function safeLink(value: string | null | undefined): string | null {
  const given = value?.trim() ?? '';
  if (given === '' || CONTROL.test(given)) return null;
  if (BARE_HOST.test(given)) return `https://${given}`;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return null;
  }
  if (!LINK_SCHEMES.includes(url.protocol)) return null;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return given;
  if (!url.hostname) return null;
  // "http:www.example.org" and "https:/example.org" work in browsers; store them as they are read.
  return /^https?:\/\//i.test(given) ? given : url.href;
}

/** Whether an address only works on the machine it was made on (localhost, 127.0.0.1, ::1). */
export function pointsAtThisMachine(address: string): boolean {
  const host = new URL(address).hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\./.test(host) ||
    host === '::1' ||
    host === '0.0.0.0'
  );
}
