// A published listing opened in the editor: its schedules become the builder's answers, one-off dates beside a
// pattern included, and dates fill the date inputs' boxes.
import { expect } from 'chai';
import { formFromListing, type PublishedActivity } from '../../src/services/activity-document.js';

const listing = (schedules: PublishedActivity['schedules']): PublishedActivity => ({
  name: 'Knit and Natter',
  description: 'We knit.',
  email: null,
  url: null,
  application_process: null,
  fees_description: null,
  service_at_locations: [],
  service_areas: [],
  schedules,
  cost_options: [],
  contacts: [],
  phones: [],
});
const row = (s: Partial<PublishedActivity['schedules'][number]>) => ({
  freq: null,
  interval: null,
  byday: null,
  dtstart: null,
  until: null,
  opens_at: '10:00:00',
  closes_at: '12:00:00',
  ...s,
});

describe('the editor’s answers for a published listing', () => {
  it('keeps one-off dates beside a fortnightly pattern as its extra dates', () => {
    const form = formFromListing(
      listing([
        row({ freq: 'WEEKLY', interval: 2, byday: 'TU', dtstart: '2026-01-06', until: '2026-07-21' }),
        row({ dtstart: '2026-12-18' }),
      ]),
      { needs: [], suitability: [] },
      null,
    );
    expect(form).to.include({
      pattern: 'fortnightly',
      day: 'TU',
      extraDates: '2026-12-18',
      opensAt: '10:00',
    });
    expect(form.firstDate).to.deep.equal({ day: '6', month: '1', year: '2026' });
    expect(form.endDate).to.deep.equal({ day: '21', month: '7', year: '2026' });
  });

  it('reads a monthly pattern’s week and day, and particular dates', () => {
    const monthly = formFromListing(
      listing([row({ freq: 'MONTHLY', interval: 1, byday: '-1FR', dtstart: '2026-02-01' })]),
      { needs: [], suitability: [] },
      null,
    );
    expect(monthly).to.include({ pattern: 'monthly', weekOfMonth: '-1', monthDay: 'FR', extraDates: '' });
    expect(monthly.startDate).to.deep.equal({ day: '1', month: '2', year: '2026' });
    const dates = formFromListing(
      listing([row({ dtstart: '2026-03-05' }), row({ dtstart: '2026-02-01' })]),
      { needs: [], suitability: [] },
      null,
    );
    expect(dates).to.include({ pattern: 'dates', dates: '2026-02-01\n2026-03-05', extraDates: '' });
  });
});
