// One activity as a source describes it, and the same prepared for comparing: every field normalised once.
import { canonicalEmails, canonicalPhones, canonicalWebsite, type WebsiteKey } from './contact.js';
import { activityNameKey, organisationKey, type NameKey } from './names.js';
import type { Point } from '../distance.js';
import { addressParts, point, postcodeParts, type AddressParts, type PostcodeParts } from './venue.js';

export interface ActivityRecord {
  /** Unique within its source. */
  id: string;
  /** Which feed or list it came from; only records from different sources are compared. */
  source: string;
  name: string;
  organisation?: string | null;
  /** Street lines and town as free text. */
  address?: string | null;
  postcode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  /** Free text; may hold several numbers. */
  phone?: string | null;
  email?: string | null;
  website?: string | null;
}

export interface PreparedRecord {
  record: ActivityRecord;
  name: NameKey | null;
  organisation: NameKey | null;
  postcode: PostcodeParts | null;
  point: Point | null;
  address: AddressParts | null;
  phones: string[];
  emails: string[];
  website: WebsiteKey | null;
}

export function prepareRecord(record: ActivityRecord): PreparedRecord {
  return {
    record,
    name: activityNameKey(record.name),
    organisation: record.organisation ? organisationKey(record.organisation) : null,
    postcode: postcodeParts(record.postcode, record.address),
    point: point(record.latitude, record.longitude),
    address: addressParts(record.address),
    phones: canonicalPhones(record.phone),
    emails: canonicalEmails(record.email),
    website: canonicalWebsite(record.website),
  };
}
