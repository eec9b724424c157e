// A complete activity-editor form for tests: a fortnightly Tuesday knitting group in Easton.
import { DateTime } from 'luxon';

/** The next date (after today) falling on this ISO weekday, as YYYY-MM-DD. */
export function nextWeekday(isoWeekday: number, from = DateTime.now().setZone('Europe/London')): string {
  let d = from.plus({ days: 1 }).startOf('day');
  while (d.weekday !== isoWeekday) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

export function knitForm(
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  return {
    name: 'Tuesday Knit and Natter',
    description: 'Bring your knitting, or learn.\n\n- Tea and biscuits\n- Wool provided',
    needs: ['loneliness', 'arts-creativity'],
    newcomer: ['new-members-welcome', 'someone-will-meet-you'],
    whereKind: 'venue',
    venueName: 'Easton Community Centre',
    address1: 'Kilburn Street',
    town: 'Bristol',
    postcode: 'BS5 6AW',
    pattern: 'fortnightly',
    day: 'TU',
    firstDate: nextWeekday(2),
    opensAt: '10:00',
    closesAt: '12:00',
    costKind: 'free',
    capacity: 'spaces',
    contactName: 'Jan',
    contactPhone: '0117 496 0000',
    action: 'submit',
    ...overrides,
  };
}
