// Listings for the link worker tests: a weekly walk, a monthly art group and a tea club with a cancelled date.
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { storePlaces } from '../../src/db/place-store.js';
import { convertHsdsDocument } from '../../src/importer/hsds/document.js';
import { importListings } from '../../src/importer/import-listings.js';
import { CLIFTON, EASTON, service } from './fixtures.js';
import { createStores } from '../../src/db/stores.js';

/** The next date with this weekday (1 = Monday) at least a week from now, as YYYY-MM-DD. */
export function weekdayAfterAWeek(weekday: number): string {
  let day = DateTime.now().setZone('Europe/London').startOf('day').plus({ days: 7 });
  while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

export async function seedLinkWorkerListings(db: DataSource): Promise<{ cancelledTeaDate: string }> {
  const cancelledTeaDate = weekdayAfterAWeek(3);
  const converted = convertHsdsDocument(
    [
      service({
        id: 'walk',
        name: 'Riverside Walking Group',
        at: { ...EASTON, name: 'Easton Community Centre', postcode: 'BS5 6AW' },
        needs: ['getting-active', 'loneliness'],
        suitability: ['new-members-welcome', 'someone-will-meet-you', 'bring-a-friend'],
        description: 'Gentle walks along the river, then tea; all paces welcome.',
        schedules: [{ id: 'sch-walk', freq: 'WEEKLY', byday: 'TU', opens_at: '10:00', closes_at: '11:30' }],
      }),
      service({
        id: 'art',
        name: 'Clifton Art Club',
        at: { ...CLIFTON, name: 'Clifton Library', postcode: 'BS8 1AA' },
        needs: ['arts-creativity'],
        suitability: ['drop-in'],
        price: 4,
        schedules: [{ id: 'sch-art', freq: 'MONTHLY', byday: '1SA', opens_at: '14:00', closes_at: '16:00' }],
      }),
      service({
        id: 'tea',
        name: 'Wednesday Tea, Cake & Chat',
        at: { ...EASTON, name: 'St Mark’s Hall', postcode: 'BS5 6AW' },
        needs: ['loneliness'],
        schedules: [
          {
            id: 'sch-tea',
            freq: 'WEEKLY',
            byday: 'WE',
            opens_at: '14:00',
            closes_at: '15:30',
            cancellations: [{ date: cancelledTeaDate, reason: 'Hall closed' }],
          },
        ],
      }),
    ],
    'fixtures',
  );
  const report = await importListings(createStores(db), converted, { source: 'test' });
  if (report.rejected > 0) throw new Error(`fixture listings rejected: ${JSON.stringify(report)}`);
  await storePlaces(db, [
    { kind: 'postcode', key: 'BS56AW', name: 'BS5 6AW', area: 'Bristol', ...EASTON },
    { kind: 'outcode', key: 'BS5', name: 'BS5', area: 'Bristol', ...EASTON },
    { kind: 'outcode', key: 'BS8', name: 'BS8', area: 'Bristol', ...CLIFTON },
  ]);
  return { cancelledTeaDate };
}
