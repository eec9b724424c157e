// The embedded search's own options, checked: an accent colour (six hex digits, dark enough for white text and
// for links on white), a compact layout, and which of the words and the place the embedding site fixes. Never CSS.
import { DEFAULT_RADIUS_MILES, searchQueryString, type SearchForm } from './forms/search.js';
import { paths } from './paths.js';

export interface EmbedOptions {
  /** Six lower-case hex digits without "#", or null for the directory's own colours. */
  accent: string | null;
  compact: boolean;
  /** Shown as text and sent unchanged, instead of a box to edit. */
  fixed: { q: boolean; where: boolean };
}

const single = (value: unknown): string =>
  Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '';

const several = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value])
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase());

const channel = (hex: string, at: number) => parseInt(hex.slice(at, at + 2), 16);

/** WCAG relative luminance of a six-digit hex colour. */
function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((at) => {
    const c = channel(hex, at) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast of the colour against white: white text on a button, and a link on the white page, both need 4.5:1. */
export const contrastWithWhite = (hex: string): number => 1.05 / (luminance(hex) + 0.05);

export const MIN_CONTRAST = 4.5;

/** The colour, if it is six hex digits (a leading "#" allowed) with enough contrast on white; otherwise null. */
export function checkedAccent(value: unknown): string | null {
  const text = single(value).trim().replace(/^#/, '').toLowerCase();
  if (!/^[0-9a-f]{6}$/.test(text)) return null;
  return contrastWithWhite(text) >= MIN_CONTRAST ? text : null;
}

const TRUE = ['1', 'true', 'yes', 'on'];

export function parseEmbedOptions(query: Record<string, unknown>, form: SearchForm): EmbedOptions {
  const fixed = several(query.fixed);
  return {
    accent: checkedAccent(query.accent),
    compact: TRUE.includes(single(query.compact).toLowerCase()),
    // Fixing an empty box would leave nothing to search by.
    fixed: {
      q: fixed.includes('q') && Boolean(form.q),
      where: fixed.includes('where') && Boolean(form.where),
    },
  };
}

/** A darker shade of the colour, for hover and the button's shadow. */
function darker(hex: string): string {
  return [0, 2, 4]
    .map((at) =>
      Math.round(channel(hex, at) * 0.7)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('');
}

/**
 * The accent colour and its darker shade as CSS custom properties' values (6 hex digits each, from a checked colour,
 * never from what was sent); static/css/embed.css holds the rules that use them.
 */
export function accentColours(accent: string): { accent: string; dark: string } {
  return { accent, dark: darker(accent) };
}

/** The embed's own options as query parameters, kept on every link and form of the embedded page. */
function optionPairs(options: EmbedOptions): [string, string][] {
  const pairs: [string, string][] = [];
  if (options.accent) pairs.push(['accent', options.accent]);
  if (options.compact) pairs.push(['compact', '1']);
  const fixed = (['q', 'where'] as const).filter((name) => options.fixed[name]);
  if (fixed.length) pairs.push(['fixed', fixed.join(',')]);
  return pairs;
}

/** The embedded page's address for this search and these options (another page of results, say). */
export function embedHref(form: SearchForm, options: EmbedOptions, change: Partial<SearchForm> = {}): string {
  const params = new URLSearchParams(searchQueryString(form, change));
  for (const [name, value] of optionPairs(options)) params.append(name, value);
  const query = params.toString();
  return query ? `${paths.embed}?${query}` : paths.embed;
}

/**
 * What the form sends without a box of its own: the fixed words or place, the distance and every filter the
 * embedding site chose, and the embed's options. A new search starts again at page 1.
 */
export function hiddenFields(form: SearchForm, options: EmbedOptions): { name: string; value: string }[] {
  const params = new URLSearchParams(searchQueryString({ ...form, page: 1 }));
  params.delete('radius');
  if (!options.fixed.q) params.delete('q');
  if (!options.fixed.where) params.delete('where');
  const pairs = [...params.entries()];
  pairs.push(['radius', String(form.radius)]);
  pairs.push(...optionPairs(options));
  return pairs.map(([name, value]) => ({ name, value }));
}

/** Page links within the embedded page: the shape of the design system's pagination partial. */
export function embedPagination(form: SearchForm, options: EmbedOptions, total: number, perPage: number) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(form.page, pages);
  const link = (page: number) => embedHref(form, options, { page });
  return {
    show: pages > 1,
    previous: current > 1 ? link(current - 1) : null,
    next: current < pages ? link(current + 1) : null,
    items: [] as { number?: number; href?: string; current?: boolean; gap?: boolean }[],
    from: total === 0 ? 0 : (current - 1) * perPage + 1,
    to: Math.min(current * perPage, total),
  };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The two copy-paste snippets for a site owner, on the directory's public address (BASE_URL). */
export function embedSnippets(baseUrl: string, form: SearchForm, options: EmbedOptions) {
  const src = `${baseUrl}${embedHref({ ...form, page: 1 }, options)}`;
  const iframe = [
    `<iframe src="${escapeHtml(src)}" title="Search for local activities"`,
    `  style="width: 100%; height: 700px; border: 0;"></iframe>`,
  ].join('\n');
  const data: [string, string][] = [];
  if (form.where) data.push(['where', form.where]);
  if (form.q) data.push(['q', form.q]);
  if (form.where && form.radius !== DEFAULT_RADIUS_MILES) data.push(['radius', String(form.radius)]);
  for (const [name, value] of optionPairs(options)) data.push([name, value]);
  const attributes = data.map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`).join('');
  const script = [
    `<div data-activity-directory${attributes}>`,
    `  <a href="${escapeHtml(src)}">Search for local activities</a>`,
    `</div>`,
    `<script src="${escapeHtml(baseUrl)}${paths.embedScript}" async></script>`,
  ].join('\n');
  return { iframe, script, src };
}
