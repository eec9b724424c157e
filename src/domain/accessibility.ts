// What the accessibility statement says, as data: the known problems, each with the WCAG success criterion it
// fails and the check that finds it, and the page states the browser tests check automatically. The statement page
// is built from this. The browser suites check that they test exactly the states listed here, confirm every known
// problem on each of its pages (failing once one is fixed), and allow a known problem only on the pages its entry
// names, so the statement cannot drift from the tests.

/** The date this statement was prepared and the tests it describes were last run over the whole site. */
export const STATEMENT_PREPARED_ON = '2026-12-04';

/** The standard the directory is measured against. */
export const STANDARD = {
  name: 'Web Content Accessibility Guidelines',
  version: '2.2',
  level: 'AA',
} as const;

export interface SuccessCriterion {
  number: string;
  name: string;
  level: 'A' | 'AA' | 'AAA';
}

/** How the known-issues browser test finds a problem on the real pages. */
export interface KnownIssueCheck {
  /** Names the probe that measures the problem (test/support/known-issues.ts). */
  id: 'outside-map-tiles' | 'table-scrolls-sideways' | 'raw-json-changes';
  /** What the probe looks for, as the statement says it after "Found by:". */
  description: string;
  /**
   * Every page with the problem, as a path (":id" stands for any one part of it). The probe confirms the problem on
   * each; the page-state tests allow it on these pages and fail on any other page that has it.
   */
  pages: string[];
}

export interface KnownIssue {
  /** A short name for the problem, as the statement's list gives it. */
  summary: string;
  /** What happens, in plain words. */
  detail: string;
  /** Who meets it: the public, or directory staff only. */
  affects: string;
  criteria: SuccessCriterion[];
  /** What someone can do meanwhile. */
  workaround: string;
  check: KnownIssueCheck;
}

export const KNOWN_ISSUES: KnownIssue[] = [
  {
    summary: 'The map needs the internet for its background',
    detail:
      'The map of results, the map on each activity’s page and the link workers’ gap map draw on map pictures (tiles) fetched from OpenStreetMap over the internet. Without a connection to OpenStreetMap the tiles cannot load, and the markers show on a blank background with no streets or place names. The maps themselves have no text description.',
    affects: 'everyone using a map',
    criteria: [{ number: '1.1.1', name: 'Non-text Content', level: 'A' }],
    workaround:
      'The list of results beside the map carries the same results, with each activity’s place, distance and next session in text, and every search works without the map. An activity’s address is written above its map, and every figure of the gap map is in the table below it.',
    check: {
      id: 'outside-map-tiles',
      description:
        'a browser test that opens the map of results, an activity’s page and the reports, and sees each map ask another website (tile.openstreetmap.org) for the map pictures, while the map gives no text description of itself (no description tied to it, and pictures with empty text alternatives).',
      pages: ['/map', '/activities/:id', '/reports'],
    },
  },
  {
    summary: 'Tables on signed-in pages scroll sideways on phones',
    detail:
      'On a narrow screen the tables in the stewards’ review queue, the link workers’ reports and an organisation’s list of its activities are wider than the screen. They scroll sideways inside their own box rather than reflowing, so the page itself does not scroll sideways but the table does.',
    affects: 'directory stewards, link workers and organisers',
    criteria: [{ number: '1.4.10', name: 'Reflow', level: 'AA' }],
    workaround:
      'Each table’s box can be scrolled with a keyboard (it takes focus) as well as by touch, or the screen turned to landscape.',
    check: {
      id: 'table-scrolls-sideways',
      description:
        'a browser test that opens the review queue, the reports and an organisation’s page 320 pixels wide, with rows in their tables, and finds a table whose box holds more than fits and scrolls sideways, while the page itself does not.',
      pages: ['/steward', '/reports', '/manage/organisations/:id'],
    },
  },
  {
    summary: 'Changes in the audit log are shown as raw data',
    detail:
      'The stewards’ audit log shows what changed as raw JSON (program data with brackets and quotation marks) inside each entry’s “Before and after” section. Its structure is carried by punctuation, not by headings, lists or tables, so it is hard to follow with a screen reader.',
    affects: 'directory stewards',
    criteria: [{ number: '1.3.1', name: 'Info and Relationships', level: 'A' }],
    workaround:
      'Each entry says in words what was done, by whom and when, and names the fields changed; a listing’s current details are on its own page.',
    check: {
      id: 'raw-json-changes',
      description:
        'a browser test that opens the audit log with changes recorded and finds text that is program data (a JSON object) in the page, folded away or not.',
      pages: ['/steward/audit'],
    },
  },
];

/** Who a page state is seen as in the browser tests. */
export type Viewer = 'visitor' | 'linkWorker' | 'steward' | 'organiser';

export const VIEWER_WORDS: Record<Viewer, string> = {
  visitor: 'a visitor',
  linkWorker: 'a link worker',
  steward: 'a steward',
  organiser: 'an organiser',
};

export interface AuditedState {
  /** The state's name, as its browser test names it. */
  state: string;
  who: Viewer;
  /** How the statement says it, where the test's name would mean little to a reader. */
  words?: string;
}

/** How each page state is checked: in Chromium, 320 CSS pixels wide (and 640 wide, like 200 % zoom). */
export const AUTOMATED_CHECKS = {
  tool: 'axe-core',
  rules: 'every WCAG 2.0, 2.1 and 2.2 level A and AA rule, and its best-practice rules, at every impact',
  width: 320,
  zoomedWidth: 640,
  checks: [
    'axe-core finds no problem of any impact',
    'nothing makes the page scroll sideways at 320 pixels wide, nor at 640 pixels (a 1280 pixel screen zoomed to 200 %)',
    'each kind of control visibly changes when it takes keyboard focus',
    'every link in an error summary leads to the field it is about, and each error message is tied to its field',
  ],
} as const;

/** The page states the every-page-state browser suite checks, in its order. */
export const EVERY_PAGE_STATE: AuditedState[] = [
  { state: 'home page', who: 'visitor' },
  { state: 'search results', who: 'visitor' },
  { state: 'search with no results', who: 'visitor' },
  { state: 'search near a place that leaves listings without a place out', who: 'visitor' },
  { state: 'search for a place we do not know', who: 'visitor' },
  { state: "what's on near a place, with sessions", who: 'visitor' },
  { state: "what's on with nothing on", who: 'visitor' },
  { state: "what's on for a place we do not know", who: 'visitor' },
  { state: 'search with filters chosen, then opened', who: 'visitor' },
  { state: 'search with errors in every kind of field', who: 'visitor' },
  { state: 'map of results', who: 'visitor' },
  { state: 'map with no query', who: 'visitor' },
  { state: 'activity page', who: 'visitor' },
  { state: 'activity page not checked for over a year', who: 'visitor' },
  { state: 'empty shortlist', who: 'visitor' },
  { state: 'add to shortlist', who: 'visitor' },
  { state: 'shortlist with a note too long', who: 'visitor' },
  { state: 'handout', who: 'visitor' },
  { state: 'share page', who: 'visitor' },
  { state: 'tampered share link', who: 'visitor' },
  { state: 'sign-in with errors', who: 'visitor' },
  { state: 'register with errors', who: 'visitor' },
  { state: 'report a problem with errors', who: 'visitor' },
  { state: 'forgot password with errors', who: 'visitor' },
  { state: 'reset password with errors', who: 'visitor' },
  { state: 'bad reset token', who: 'visitor' },
  { state: '404', who: 'visitor', words: 'page not found (404)' },
  { state: '400', who: 'visitor', words: 'an address that cannot be read (400)' },
  { state: '503', who: 'visitor', words: 'the service unavailable page (503)' },
  { state: '403', who: 'linkWorker', words: 'a page the account may not see (403)' },
  { state: 'reports as a link worker', who: 'linkWorker', words: 'reports' },
  { state: 'activity page as a link worker', who: 'linkWorker', words: 'activity page' },
  { state: 'review queue', who: 'steward' },
  { state: 'activity with times taken from the description', who: 'visitor' },
  { state: 'draft review', who: 'steward' },
  { state: 'audit log', who: 'steward' },
  { state: 'mailbox', who: 'steward' },
  { state: 'your listings', who: 'organiser' },
  { state: 'organisation page', who: 'organiser' },
  { state: 'activity editor', who: 'organiser' },
  { state: 'activity editor with errors', who: 'organiser' },
  { state: 'manage an activity', who: 'organiser' },
  { state: 'manage an activity with a cancelled session to restore', who: 'organiser' },
  { state: 'close an activity for good: the confirmation', who: 'organiser' },
  { state: 'find your group', who: 'organiser' },
  { state: 'account page', who: 'organiser' },
];

/** The pages every public service must have, checked by their own browser suite, in its order. */
export const PUBLIC_INFORMATION_PAGES: AuditedState[] = [
  { state: 'accessibility statement', who: 'visitor' },
  { state: 'privacy notice', who: 'visitor' },
  { state: 'cookies', who: 'visitor' },
  { state: 'contact', who: 'visitor' },
  { state: 'contact form with errors', who: 'visitor' },
];

/** Every page state checked automatically, as the statement lists them. */
export const AUDITED_STATES: AuditedState[] = [...EVERY_PAGE_STATE, ...PUBLIC_INFORMATION_PAGES];

/** "search results", "review queue, signed in as a steward": a state as the statement lists it. */
export function auditedStateWords(audited: AuditedState): string {
  const what = audited.words ?? audited.state;
  return audited.who === 'visitor' ? what : `${what}, signed in as ${VIEWER_WORDS[audited.who]}`;
}
