// The patient handout: each shortlisted activity put into words a patient can keep, with a QR code to the
// live listing, and a share link that opens the same handout on a phone for 90 days or until it is stopped.
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { SharedHandoutOwner, Stores } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import { publicPaths, type PublicLinks } from '../domain/public-links.js';
import { readShortlist, type Shortlist } from '../domain/shortlist.js';
import { verifyToken } from '../domain/signed-token.js';
import type { ActivityDetails, ActivityDetailsService } from './activity-details.js';

export const SHARE_LINK_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;
/** Links one person may have working at once: plenty for a day's appointments, and a bound on storage. */
export const SHARE_LINKS_MAX = 20;
/** A share link's id: 128 random bits, 22 URL-safe characters. */
const LINK_ID = /^[A-Za-z0-9_-]{22}$/;

// What each newcomer-support term means for someone going for the first time, in the patient's words.
const NEWCOMER_WORDING: Record<string, string> = {
  'new-members-welcome': 'New people are welcome',
  'someone-will-meet-you': 'Someone will meet you at the door',
  'bring-a-friend': 'You can bring a friend or carer',
  'drop-in': 'You can just turn up; there is no need to book',
  'booking-required': 'Book a place before you go',
};

export interface HandoutItem {
  activity: ActivityDetails;
  note: string;
  newcomer: string[];
  liveUrl: string;
  /** A QR code of liveUrl as an SVG data: URL, generated here (no network). */
  qrCode: string;
}

export interface Handout {
  items: HandoutItem[];
  /** Shortlisted activities that are no longer listed. */
  missing: number;
}

export type ShareLinkCheck =
  | { ok: true; shortlist: Shortlist; expiresOn: string }
  | { ok: false; reason: 'invalid' | 'expired' | 'stopped' };

export interface ShareLink {
  id: string;
  url: string;
  path: string;
  expiresOn: string;
}

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

export function newcomerWording(activity: ActivityDetails): string[] {
  const suitability = activity.tags.find((t) => t.code === 'suitability')?.terms ?? [];
  return Object.entries(NEWCOMER_WORDING)
    .filter(([code]) => suitability.some((t) => t.code === code))
    .map(([, words]) => words);
}

export function createHandouts(
  stores: Stores,
  activityDetails: ActivityDetailsService,
  settings: { links: PublicLinks; sessionSecret: string },
  clock: Clock,
) {
  const { links, sessionSecret: secret } = settings;
  const linkTo = (id: string, expiresAt: Date): ShareLink => ({
    id,
    url: links.sharedHandout(id),
    path: publicPaths.sharedHandout(id),
    expiresOn: isoDay(expiresAt),
  });

  /** Links made before they were kept on the server carry the signed shortlist; they work, read-only, until they expire. */
  const readSignedLink = (token: string, now: Date): ShareLinkCheck => {
    const check = verifyToken(token, 'shared-handout', secret, now);
    if (!check.valid) return { ok: false, reason: check.reason };
    let parsed: unknown;
    try {
      parsed = JSON.parse(check.payload.subject);
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    return { ok: true, shortlist: readShortlist(parsed), expiresOn: isoDay(new Date(check.payload.expires)) };
  };

  return {
    async handout(shortlist: Shortlist, now = clock.now()): Promise<Handout> {
      const items: HandoutItem[] = [];
      for (const { id, note } of shortlist) {
        const activity = await activityDetails(id, now);
        if (!activity) continue;
        const liveUrl = links.activity(id);
        const svg = await QRCode.toString(liveUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        items.push({
          activity,
          note,
          newcomer: newcomerWording(activity),
          liveUrl,
          qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
        });
      }
      return { items, missing: shortlist.length - items.length };
    },

    /** The day a link made now would stop working, for the shortlist page's wording. */
    expiryOfLinkMadeAt: (now = clock.now()) => isoDay(new Date(now.getTime() + SHARE_LINK_LIFETIME_MS)),

    /**
     * A link to the handout that anyone holding it can open for 90 days, unless its owner stops it first.
     * The activity ids and notes stay on the server; the link holds only a random id. Sharing the same
     * shortlist again gives the link already made.
     */
    async share(
      shortlist: Shortlist,
      owner: SharedHandoutOwner,
      now = clock.now(),
    ): Promise<{ ok: true; link: ShareLink } | { ok: false; message: string }> {
      const items = shortlist.map(({ id, note }) => ({ id, note }));
      const working = await stores.sharedHandouts.sharedHandoutsOf(owner, now);
      const same = working.find((h) => JSON.stringify(h.items) === JSON.stringify(items));
      if (same) return { ok: true, link: linkTo(same.id, same.expiresAt) };
      if (working.length >= SHARE_LINKS_MAX)
        return {
          ok: false,
          message: `You have ${SHARE_LINKS_MAX} share links working. Stop one you no longer need, then make another.`,
        };
      const id = randomBytes(16).toString('base64url');
      const expiresAt = new Date(now.getTime() + SHARE_LINK_LIFETIME_MS);
      await stores.sharedHandouts.insertSharedHandout({
        id,
        items,
        createdBy: owner.userId,
        createdAt: now,
        expiresAt,
      });
      return { ok: true, link: linkTo(id, expiresAt) };
    },

    /** The owner's links still working, newest first, for the shortlist page. */
    async linksOf(owner: SharedHandoutOwner, now = clock.now()) {
      const handouts = await stores.sharedHandouts.sharedHandoutsOf(owner, now);
      return handouts.map((h) => ({
        ...linkTo(h.id, h.expiresAt),
        createdAt: h.createdAt,
        count: h.items.length,
        names: h.names,
        hasNotes: h.items.some((item) => item.note !== ''),
      }));
    },

    /** Stops a link this owner made; false when it is not theirs, or already stopped or expired. */
    stop: (id: string, owner: SharedHandoutOwner, now = clock.now()) =>
      LINK_ID.test(id) ? stores.sharedHandouts.revokeSharedHandout(id, owner, now) : Promise.resolve(false),

    async readShareLink(token: string, now = clock.now()): Promise<ShareLinkCheck> {
      if (token.includes('.')) return readSignedLink(token, now);
      const found = LINK_ID.test(token) ? await stores.sharedHandouts.findSharedHandout(token) : null;
      if (!found) return { ok: false, reason: 'invalid' };
      if (found.revokedAt) return { ok: false, reason: 'stopped' };
      if (found.expiresAt <= now) return { ok: false, reason: 'expired' };
      return { ok: true, shortlist: readShortlist(found.items), expiresOn: isoDay(found.expiresAt) };
    },

    /** Deletes links past their 90 days with their notes; the server calls it daily. Returns how many. */
    deleteExpiredSharedHandouts: (now = clock.now()) =>
      stores.sharedHandouts.deleteExpiredSharedHandouts(now),
  };
}

export type Handouts = ReturnType<typeof createHandouts>;
