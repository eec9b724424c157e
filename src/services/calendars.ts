// Calendar files for one activity or a shared shortlist, generated from the live schedules on each request
// so a subscribed feed picks up cancellations made after it was shared.
import type { Location, Stores } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import { activitiesCalendar, calendarFilename, type CalendarActivity } from '../domain/icalendar.js';
import type { PublicLinks } from '../domain/public-links.js';
import { scheduleRule } from '../domain/schedule/index.js';
import { plainText } from '../domain/text.js';

function locationLine(location: Location | null | undefined): string | null {
  if (!location) return null;
  if (location.location_type === 'virtual') return location.url ? `Online: ${location.url}` : 'Online';
  const address = location.addresses?.[0];
  const parts = [
    location.name,
    address?.address_1,
    address?.address_2,
    address?.city,
    address?.postal_code,
  ].filter((part): part is string => !!part && part.trim() !== '');
  return parts.length ? [...new Set(parts)].join(', ') : null;
}

export function createCalendars(stores: Stores, links: PublicLinks, clock: Clock) {
  const host = new URL(links.baseUrl).host;

  async function load(ids: string[]): Promise<CalendarActivity[]> {
    if (ids.length === 0) return [];
    const services = await stores.services.servicesForCalendar(ids);
    const listed = services.filter((s) => !['inactive', 'defunct'].includes(s.status));
    // In the order asked for (the shortlist's order), not the database's.
    listed.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    return listed.map((service) => {
      const url = links.activity(service.id);
      const onlyPlace =
        service.service_at_locations.length === 1 ? service.service_at_locations[0].location : null;
      return {
        id: service.id,
        name: service.name,
        description: [plainText(service.description), `Check the latest details before going: ${url}`]
          .filter(Boolean)
          .join('\n\n'),
        url,
        lastModified: service.last_modified,
        schedules: [...service.schedules]
          .sort((a, b) => a.id.localeCompare(b.id))
          .map((schedule) => ({
            id: schedule.id,
            rule: scheduleRule(
              schedule,
              schedule.cancellations.map((c) => c.date),
            ),
            location: locationLine(schedule.service_at_location?.location ?? onlyPlace),
          })),
      };
    });
  }

  return {
    /** One activity's calendar file, or null when it is not listed. */
    async activityCalendar(
      id: string,
      now = clock.now(),
    ): Promise<{ filename: string; body: string } | null> {
      const [activity] = await load([id]);
      if (!activity) return null;
      return {
        filename: calendarFilename(activity.name),
        body: activitiesCalendar([activity], { host, name: activity.name, now }),
      };
    },
    /** Every listed activity of a shared shortlist in one subscribable feed. */
    async shortlistCalendar(ids: string[], now = clock.now()): Promise<string> {
      const activities = await load(ids);
      return activitiesCalendar(activities, { host, name: 'Activities from your link worker', now });
    },
  };
}

export type Calendars = ReturnType<typeof createCalendars>;
