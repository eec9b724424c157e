// Publishing an activity's HSDS document (an approved draft, or a trusted organiser's edit) through the same
// listing store imports use, keeping the dates already cancelled; then matched against other sources' listings, as
// an import's are.
import { DateTime } from 'luxon';
import type { Stores } from '../db/stores.js';
import { expandSchedule, scheduleRule } from '../domain/schedule/index.js';
import { convertHsdsService } from '../importer/hsds/service.js';
import { mergeImportedListings } from '../importer/merge-listings.js';

export async function publishListing(
  stores: Stores,
  document: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const { capacity_status: capacity, ...hsds } = document;
  const converted = convertHsdsService(hsds);
  if (!('listing' in converted))
    throw new Error(`activity could not be published: ${converted.reasons.join('; ')}`);
  const listing = converted.listing;
  const activityId = listing.service.id;
  const from = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day');
  const existing = await stores.services.cancellationsOf(activityId, from.toISODate()!);
  for (const cancelled of existing) {
    const day = DateTime.fromISO(cancelled.date, { zone: 'Europe/London' });
    // A cancelled date is kept on whichever new schedule still has a session that day.
    const schedule = listing.schedules.find(
      (s) =>
        expandSchedule(scheduleRule(s, []), day.toJSDate(), day.plus({ days: 1 }).toJSDate(), 1).length > 0,
    );
    if (schedule)
      listing.cancellations.push({
        schedule_id: schedule.id,
        date: cancelled.date,
        reason: cancelled.reason,
      });
  }
  await stores.listings.storeListings([listing], { source: 'editor', now });
  await stores.services.setCapacityStatus(activityId, typeof capacity === 'string' ? capacity : null);
  // A published edit carries today's review date, so the listing is no longer stale.
  await stores.freshness.clearFlag(activityId);
  // The group's own listing of an activity a feed already lists becomes the one listing of it (the group's is kept).
  await mergeImportedListings(stores, [activityId], {
    actor: 'published by the group',
    now,
    // Every group's own listing has this one source: they are never compared with each other.
    source: { kind: 'editor', address: '' },
  });
}
