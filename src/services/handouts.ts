// The patient handout: each shortlisted activity put into words a patient can keep, with a QR code to the
// live listing, and a signed share link that opens the same handout on a phone for 90 days.
import QRCode from 'qrcode';
import { readShortlist, type Shortlist } from '../domain/shortlist.js';
import { signToken, verifyToken } from '../domain/signed-token.js';
import { paths } from '../web/paths.js';
import type { ActivityDetails, ActivityDetailsService } from './activity-details.js';

export const SHARE_LINK_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

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
  { ok: true; shortlist: Shortlist; expiresOn: string } | { ok: false; reason: 'invalid' | 'expired' };

export function newcomerWording(activity: ActivityDetails): string[] {
  const suitability = activity.tags.find((t) => t.code === 'suitability')?.terms ?? [];
  return Object.entries(NEWCOMER_WORDING)
    .filter(([code]) => suitability.some((t) => t.code === code))
    .map(([, words]) => words);
}

export function createHandouts(activityDetails: ActivityDetailsService, baseUrl: string, secret: string) {
  return {
    async handout(shortlist: Shortlist, now = new Date()): Promise<Handout> {
      const items: HandoutItem[] = [];
      for (const { id, note } of shortlist) {
        const activity = await activityDetails(id, now);
        if (!activity) continue;
        const liveUrl = `${baseUrl}${paths.activity(id)}`;
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

    /**
     * A link to the handout that anyone holding it can open, for 90 days. It carries the activity ids and
     * the notes (the notes are written for the patient; the shortlist page says they must hold no personal
     * details), signed so it cannot be altered.
     */
    shareLink(shortlist: Shortlist, now = new Date()): { url: string; path: string; expiresOn: string } {
      const subject = JSON.stringify(shortlist.map(({ id, note }) => ({ id, note })));
      const token = signToken('shared-handout', subject, secret, SHARE_LINK_LIFETIME_MS, now);
      const path = paths.sharedHandout(token);
      const expiresOn = new Date(now.getTime() + SHARE_LINK_LIFETIME_MS).toISOString().slice(0, 10);
      return { url: `${baseUrl}${path}`, path, expiresOn };
    },

    readShareLink(token: string, now = new Date()): ShareLinkCheck {
      const check = verifyToken(token, 'shared-handout', secret, now);
      if (!check.valid) return { ok: false, reason: check.reason };
      let parsed: unknown;
      try {
        parsed = JSON.parse(check.payload.subject);
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      const expiresOn = new Date(check.payload.expires).toISOString().slice(0, 10);
      return { ok: true, shortlist: readShortlist(parsed), expiresOn };
    },
  };
}

export type Handouts = ReturnType<typeof createHandouts>;
