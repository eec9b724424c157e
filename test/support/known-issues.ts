// The accessibility statement's known problems, measured on the real pages: one probe per KNOWN_ISSUES entry (by
// its check's id), and the measurements the page-state suites use to allow a known problem only on the pages its
// entry names.
import type { Page } from 'playwright-core';
import { KNOWN_ISSUES, type KnownIssue, type KnownIssueCheck } from '../../src/domain/accessibility.js';
import { horizontalOverflow } from './page-checks.js';

export type KnownIssueId = KnownIssueCheck['id'];

export function knownIssue(id: KnownIssueId): KnownIssue {
  const issue = KNOWN_ISSUES.find((candidate) => candidate.check.id === id);
  if (!issue) throw new Error(`no known issue is found by the check '${id}'`);
  return issue;
}

/** Whether a path such as "/steward/drafts/12" is the page "/steward/drafts/:id". */
export function pathIs(pattern: string, pathname: string): boolean {
  const want = pattern.split('/');
  const got = pathname.replace(/\/$/, '').split('/');
  if (pathname === '/') got.splice(1);
  return want.length === got.length && want.every((part, i) => part === ':id' || part === got[i]);
}

/** Whether the known issue found by this check names the page at this address, so the problem is allowed there. */
export function knownOn(id: KnownIssueId, address: string): boolean {
  const { pathname } = new URL(address);
  return knownIssue(id).check.pages.some((pattern) => pathIs(pattern, pathname));
}

/**
 * Boxes that scroll sideways on their own: their content is wider than they are. Each is named by what labels it
 * (a table's caption), else its tag and class. A page with one does not scroll sideways, but the box does.
 */
export async function sidewaysPanes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const overflow = getComputedStyle(element).overflowX;
      if (overflow !== 'auto' && overflow !== 'scroll') continue;
      if (element.scrollWidth <= element.clientWidth + 1 || element.getClientRects().length === 0) continue;
      const labelledBy = element.getAttribute('aria-labelledby');
      const label = labelledBy ? document.getElementById(labelledBy)?.textContent?.trim() : null;
      found.push(label || `${element.tagName.toLowerCase()}.${element.className}`);
    }
    return found;
  });
}

/** Text in the page's main part (folded away or not) that is program data: a JSON object or list with fields. */
export async function rawRecords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll('main *'))) {
      // The innermost element holding the text, so each record counts once.
      if (element.children.length > 0) continue;
      const text = (element.textContent ?? '').trim();
      if (!/^[[{]/.test(text)) continue;
      try {
        const data: unknown = JSON.parse(text);
        if (data && typeof data === 'object' && /"[A-Za-z_]+"\s*:/.test(text)) found.push(text.slice(0, 60));
      } catch {
        // Not JSON: words that happen to start with a bracket.
      }
    }
    return found;
  });
}

export interface OutsideRequest {
  /** The page that asked. */
  page: string;
  url: string;
}

/** Collects, from now on, every request a page makes to a host other than its own (going to a page aside). */
export function watchOutsideRequests(page: Page, seen: OutsideRequest[] = []): OutsideRequest[] {
  page.on('request', (request) => {
    if (request.isNavigationRequest()) return;
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.host !== new URL(page.url()).host)
      seen.push({ page: page.url(), url: url.href });
  });
  return seen;
}

/** What describes the map in text beyond its name: a description tied to it, or text on its pictures. */
async function mapDescription(page: Page): Promise<string> {
  return page.evaluate(() => {
    const map = document.querySelector('.leaflet-container');
    if (!map) return 'no map on the page';
    const described = (map.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    const pictures = Array.from(map.querySelectorAll('img.leaflet-tile'))
      .map((img) => img.getAttribute('alt') ?? '')
      .join(' ');
    return [described, map.getAttribute('aria-description') ?? '', pictures].join(' ').trim();
  });
}

/** What a probe saw: whether the problem is there, and the evidence either way. */
export interface Finding {
  present: boolean;
  evidence: string;
}

/** Measures a known problem on one page: `open` loads the page (at 320 px) once the probe is ready to watch it. */
export type Probe = (page: Page, open: () => Promise<void>) => Promise<Finding>;

const TILE_HOST = 'tile.openstreetmap.org';

export const PROBES: Record<KnownIssueId, Probe> = {
  'outside-map-tiles': async (page, open) => {
    const outside = watchOutsideRequests(page);
    await open();
    // The map is drawn by the time the page has loaded, and asks for its first tiles as it is drawn.
    if ((await page.locator('.leaflet-container').count()) === 0)
      return { present: false, evidence: 'no map on the page' };
    await page.waitForFunction(() => document.querySelectorAll('img.leaflet-tile').length > 0);
    const tiles = outside.filter((request) => new URL(request.url).host === TILE_HOST);
    const description = await mapDescription(page);
    return {
      present: tiles.length > 0 && description === '',
      evidence: `${tiles.length} requests to ${TILE_HOST}; text describing the map: "${description}"`,
    };
  },
  'table-scrolls-sideways': async (page, open) => {
    await open();
    const panes = await sidewaysPanes(page);
    const pageOverflow = await horizontalOverflow(page);
    return {
      present: panes.length > 0 && pageOverflow === 0,
      evidence: `boxes scrolling sideways: ${panes.join('; ') || 'none'}; the page scrolls ${pageOverflow} px`,
    };
  },
  'raw-json-changes': async (page, open) => {
    await open();
    const records = await rawRecords(page);
    return { present: records.length > 0, evidence: `raw records: ${records.join('; ') || 'none'}` };
  },
};
