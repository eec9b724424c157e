// Listings whose feed gives no times of their own get the times their description states, as proposals labelled
// "Times taken from the description" until a steward confirms them; a steward's earlier word on the same words
// stands (confirmed: plain schedules; rejected: none).
import type { Stores } from '../db/stores.js';
import {
  describedTimes,
  describedTimesId,
  evidenceOf,
  type DescribedTimes,
} from '../domain/description-times.js';
import { plainText } from '../domain/text.js';
import type { ListingEnricher } from './listing-enricher.js';
import type { Listing, ScheduleRow } from './listing.js';

type Done = 'proposed' | 'schedules' | 'confirmedBefore' | 'rejectedBefore';

export class TimesFromDescriptions implements ListingEnricher {
  readonly counts: Record<Done, number> = {
    proposed: 0,
    schedules: 0,
    confirmedBefore: 0,
    rejectedBefore: 0,
  };

  private constructor(
    private readonly decisions: Awaited<ReturnType<Stores['describedTimes']['timesDecisions']>>,
  ) {}

  static async create(stores: Pick<Stores, 'describedTimes'>): Promise<TimesFromDescriptions> {
    return new TimesFromDescriptions(await stores.describedTimes.timesDecisions());
  }

  async enrich(listing: Listing): Promise<Done[]> {
    if (listing.schedules.length > 0) return [];
    const serviceId = listing.service.id;
    const found = describedTimes(plainText(listing.service.description));
    if (found.length === 0) return [];
    const rows = found.map((times, i) => scheduleRow(serviceId, i, times));
    const decision = this.decisions.get(serviceId);
    if (decision && decision.evidence === evidenceOf(rows)) {
      if (decision.decision === 'rejected') return ['rejectedBefore'];
      for (const row of rows) row.from_description = null;
      listing.schedules.push(...rows);
      return ['confirmedBefore'];
    }
    listing.schedules.push(...rows);
    return ['proposed', ...rows.map((): Done => 'schedules')];
  }

  tally(done: string[]): void {
    for (const key of done) this.counts[key as Done] += 1;
  }

  lines(): string[] {
    const c = this.counts;
    if (c.proposed + c.confirmedBefore + c.rejectedBefore === 0) return [];
    return [
      `times taken from the description, for a steward to confirm: ${c.proposed} listings (${c.schedules} schedules); confirmed before: ${c.confirmedBefore}; rejected before: ${c.rejectedBefore}`,
    ];
  }
}

function scheduleRow(serviceId: string, index: number, times: DescribedTimes): ScheduleRow {
  return {
    id: describedTimesId(serviceId, index),
    service_id: serviceId,
    location_id: null,
    service_at_location_id: null,
    valid_from: null,
    valid_to: null,
    dtstart: null,
    timezone: 'Europe/London',
    until: null,
    count: null,
    wkst: null,
    freq: times.freq,
    interval: times.interval,
    byday: times.byday.join(','),
    byweekno: null,
    bymonthday: null,
    byyearday: null,
    description: null,
    opens_at: times.opensAt,
    closes_at: times.closesAt,
    schedule_link: null,
    attending_type: null,
    notes: null,
    from_description: times.evidence,
  };
}
