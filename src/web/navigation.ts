// The service navigation: which links a visitor sees, and which one is the page (or the part of the site) they are on.
import { paths } from './paths.js';

export interface NavigationItem {
  href: string;
  text: string;
  /** 'page' on the page itself, 'true' elsewhere in its part of the site (aria-current), or null. */
  current: 'page' | 'true' | null;
}

/** What a page's context says about the visitor, as set by the session and shortlist middleware. */
interface PageContext {
  user?: { isSteward?: boolean; role?: string } | null;
  canSeeReports?: boolean;
  shortlistCount?: number;
  currentPath?: string;
}

const SECTIONS: { href: string; text: string; within: string[]; show: (c: PageContext) => boolean }[] = [
  { href: paths.home, text: 'Search', within: [paths.search, '/activities/'], show: () => true },
  { href: paths.map, text: 'Map', within: [], show: () => true },
  { href: paths.whatsOn, text: "What's on", within: [], show: () => true },
  { href: paths.shortlist, text: 'Shortlist', within: ['/shortlist/'], show: () => true },
  {
    href: paths.savedLists,
    text: 'Saved lists',
    within: ['/saved-lists/'],
    show: (c) => Boolean(c.user && c.canSeeReports),
  },
  {
    href: paths.yourReferrals,
    text: 'Your referrals',
    within: ['/your-referrals/'],
    show: (c) => c.user?.role === 'link_worker',
  },
  {
    href: paths.steward,
    text: 'Review queue',
    within: ['/steward/'],
    show: (c) => Boolean(c.user?.isSteward),
  },
  { href: paths.reports, text: 'Reports', within: [], show: (c) => Boolean(c.user && c.canSeeReports) },
  { href: paths.manage, text: 'Your listings', within: ['/manage/'], show: (c) => Boolean(c.user) },
  { href: paths.account, text: 'Your account', within: [], show: (c) => Boolean(c.user) },
  { href: paths.signIn, text: 'Sign in', within: ['/account/'], show: (c) => !c.user },
];

export function navigationItems(context: PageContext): NavigationItem[] {
  const current = context.currentPath ?? '';
  const pathOnly = current.split('?')[0].toLowerCase();
  return SECTIONS.filter((section) => section.show(context)).map((section) => {
    const text =
      section.href === paths.shortlist && context.shortlistCount
        ? `${section.text} (${context.shortlistCount})`
        : section.text;
    let at: NavigationItem['current'] = null;
    if (current === section.href) at = 'page';
    else if (pathOnly === section.href || section.within.some((prefix) => pathOnly.startsWith(prefix)))
      at = 'true';
    return { href: section.href, text, current: at };
  });
}
