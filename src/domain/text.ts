// Untrusted listing text: imported HTML is cut down to a small safe subset; plain text becomes paragraphs.
import sanitizeHtml from 'sanitize-html';

const SAFE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'ul', 'ol', 'li', 'strong', 'b', 'em', 'i', 'a'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  disallowedTagsMode: 'discard',
  // Headings and tables in feeds become paragraphs rather than vanishing with their text.
  transformTags: {
    h1: 'p',
    h2: 'p',
    h3: 'p',
    h4: 'p',
    h5: 'p',
    h6: 'p',
    div: 'p',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener' } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'p' && !frame.text.trim() && !frame.mediaChildren.length,
};

const SAFE_WITH_REL: sanitizeHtml.IOptions = { ...SAFE, allowedAttributes: { a: ['href', 'rel'] } };

const looksLikeHtml = (value: string) => /<\/?[a-z][\s\S]*?>/i.test(value);

/** Imported descriptions: HTML is reduced to the safe subset; plain text is kept as it is. */
export function sanitiseDescription(value: string | null): string | null {
  if (value === null) return null;
  if (!looksLikeHtml(value)) return value.replace(/\r\n/g, '\n').trim() || null;
  const clean = sanitizeHtml(value, SAFE_WITH_REL).trim();
  return clean || null;
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Safe HTML for a description, whether it was stored as HTML or plain text. */
export function descriptionHtml(value: string | null): string {
  if (!value) return '';
  if (looksLikeHtml(value)) return sanitizeHtml(value, SAFE_WITH_REL);
  return value
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map(paragraphHtml)
    .join('\n');
}

const BULLET = /^\s*[-*•]\s+/;

/** Lines starting "- " become a list (the simple formatting the activity editor offers); others a paragraph. */
function paragraphHtml(paragraph: string): string {
  const blocks: { list: boolean; lines: string[] }[] = [];
  for (const line of paragraph.split('\n')) {
    const list = BULLET.test(line);
    const last = blocks[blocks.length - 1];
    if (last && last.list === list) last.lines.push(line);
    else blocks.push({ list, lines: [line] });
  }
  return blocks
    .map((b) =>
      b.list
        ? `<ul>${b.lines.map((l) => `<li>${escapeHtml(l.replace(BULLET, '').trim())}</li>`).join('')}</ul>`
        : `<p>${escapeHtml(b.lines.join('\n').trim()).replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
}

// Where one block of text ends and the next begins: closing block tags, line breaks, and a list opening inside a
// block ("<li>Services offered:<ul><li>Free Wi-Fi" is two blocks).
const BLOCK_END = /<\/(?:p|div|li|h[1-6]|td|th|tr|blockquote|dd|dt)\s*>|<br\s*\/?>|<(?:ul|ol)\b[^>]*>/gi;
const SENTENCE_END = /[.!?:;…]["'”’)]?$/;

/**
 * Text only, entities decoded and whitespace folded: for snippets and search documents. Blocks (HTML paragraphs,
 * list items, blank-line paragraphs) stay apart as sentences, so "Trust?</p><p>A network" does not read "Trust?A".
 */
export function plainText(value: string | null): string {
  if (!value) return '';
  const blocks = looksLikeHtml(value)
    ? sanitizeHtml(value.replace(BLOCK_END, '\n\n$&'), { allowedTags: [], allowedAttributes: {} })
    : value;
  return blocks
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .replace(/&nbsp;/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .map((block, i, all) => (i < all.length - 1 && !SENTENCE_END.test(block) ? `${block}.` : block))
    .join(' ');
}

/** The first sentence or so of a description, cut at a word boundary. */
export function summary(value: string | null, maxLength = 180): string {
  const text = plainText(value);
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), maxLength - 20)).replace(/[,.;:]$/, '')}…`;
}
