import { expect } from 'chai';
import { dateRange } from '../../src/domain/date-shortcuts.js';
import { clearedQueryString, parseSearchForm, searchQueryString } from '../../src/web/forms/search.js';

describe('search form parsing', () => {
  const cases: { name: string; query: Record<string, unknown>; form?: object; errors?: string[] }[] = [
    {
      name: 'an empty query',
      query: {},
      form: { q: '', where: '', radius: 5, days: [], times: [], needs: [], free: false, page: 1 },
    },
    {
      name: 'words and place, whitespace folded',
      query: { q: '  walking   group ', where: ' bs5 ' },
      form: { q: 'walking group', where: 'bs5' },
    },
    {
      name: 'days in any case, repeated or comma-separated',
      query: { day: ['tu', 'TH,tu'] },
      form: { days: ['TU', 'TH'] },
    },
    { name: 'full day names', query: { day: 'Tuesday' }, form: { days: ['TU'] } },
    {
      name: 'parts of the day',
      query: { time: ['Morning', 'evening'] },
      form: { times: ['morning', 'evening'] },
    },
    {
      name: 'needs from the vocabulary',
      query: { need: ['loneliness', 'carers'] },
      form: { needs: ['loneliness', 'carers'] },
    },
    { name: 'free', query: { free: 'on' }, form: { free: true } },
    { name: 'a radius in miles', query: { radius: '2' }, form: { radius: 2 } },
    { name: 'a page', query: { page: '3' }, form: { page: 3 } },
    { name: 'an unknown day', query: { day: ['XX', 'YY'] }, errors: ['Choose days from Monday to Sunday'] },
    { name: 'an unknown time', query: { time: 'night' }, errors: ['Choose morning, afternoon or evening'] },
    { name: 'an unknown need', query: { need: 'unicorns' }, errors: ['Choose needs from the list'] },
    {
      name: 'a radius not offered',
      query: { radius: '7' },
      form: { radius: 5 },
      errors: ['Distance must be one of 1, 2, 5, 10, 20 miles'],
    },
    {
      name: 'a page that is not a number',
      query: { page: '-1' },
      form: { page: 1 },
      errors: ['Page must be a whole number from 1 to 500'],
    },
    {
      name: 'text that is too long',
      query: { q: 'x'.repeat(201) },
      form: { q: '' },
      errors: ['What must be 200 characters or fewer'],
    },
    {
      name: 'nested objects from the query parser',
      query: { q: { $gt: '' }, day: { a: 'MO' } },
      form: { q: '', days: [] },
    },
  ];
  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      const { form, errors } = parseSearchForm(c.query);
      for (const [key, value] of Object.entries(c.form ?? {})) {
        expect(form[key as keyof typeof form], key).to.deep.equal(value);
      }
      expect(errors.map((e) => e.message)).to.deep.equal(c.errors ?? []);
    });
  }

  const more: { name: string; query: Record<string, unknown>; form?: object; errors?: string[] }[] = [
    {
      name: 'activity types and suitability',
      query: { type: ['walking', 'dance'], suits: 'women-only' },
      form: { types: ['walking', 'dance'], suits: ['women-only'] },
    },
    { name: 'a date shortcut', query: { when: 'this-week' }, form: { when: 'this-week' } },
    {
      name: 'explicit dates, which imply "between these dates"',
      query: { from: '2026-12-01', to: '2026-12-24' },
      form: { when: 'dates', from: '2026-12-01', to: '2026-12-24' },
    },
    {
      name: 'an explicit time window',
      query: { after: '13:30', before: '16:00' },
      form: { after: '13:30', before: '16:00' },
    },
    {
      name: 'an impossible date',
      query: { from: '2026-02-30' },
      form: { from: '' },
      errors: ['From date must be a real date'],
    },
    {
      name: 'dates the wrong way round, which are then not applied',
      query: { from: '2026-12-24', to: '2026-12-01' },
      form: { when: 'dates', from: '', to: '' },
      errors: ['To date must be the same as or after the from date'],
    },
    {
      name: 'dates from the day, month and year boxes',
      query: { from: { day: '1', month: '12', year: '2026' }, to: { day: '24', month: '12', year: '2026' } },
      form: { when: 'dates', from: '2026-12-01', to: '2026-12-24' },
    },
    {
      name: 'date boxes that do not make a date, with the others not applied either',
      query: { from: { day: '31', month: '2', year: '2026' }, to: { day: '24', month: '12', year: '2026' } },
      form: { when: 'dates', from: '', to: '' },
      errors: ['From date must be a real date'],
    },
    {
      name: 'a time that is not a time',
      query: { after: '25:00' },
      form: { after: '' },
      errors: ['From time must be a time like 14:30'],
    },
    {
      name: 'a window that ends before it starts, which is then not applied',
      query: { after: '16:00', before: '10:00' },
      form: { after: '', before: '' },
      errors: ['To time must be after the from time'],
    },
    {
      name: 'a window with one bad end, whose good end is not applied alone',
      query: { after: '25:00', before: '10:00' },
      form: { after: '', before: '' },
      errors: ['From time must be a time like 14:30'],
    },
    {
      name: 'times written without a leading zero or with a dot',
      query: { after: '9.30', before: '1400' },
      form: { after: '09:30', before: '14:00' },
    },
    {
      name: 'an unknown suitability',
      query: { suits: 'unicorn-friendly' },
      errors: ['Choose suitability from the list'],
    },
    { name: 'an unknown date shortcut', query: { when: 'yesterday' }, errors: ['Choose when from the list'] },
    {
      name: 'ways to take part from home',
      query: { home: ['phone', 'visit,phone'] },
      form: { home: ['phone', 'visit'] },
    },
    {
      name: 'an unknown way from home',
      query: { home: 'post' },
      errors: ['Choose ways to take part from home from the list'],
    },
    { name: 'the age of the person', query: { age: ' 74 ' }, form: { age: 74 } },
    {
      name: 'an age that is not a whole number of years',
      query: { age: '7.5' },
      form: { age: null },
      errors: ['Age must be a whole number of years, from 0 to 120'],
    },
    { name: 'an order', query: { sort: 'soonest' }, form: { sort: 'soonest' } },
    {
      name: 'nearest first with a place',
      query: { where: 'BS5', sort: 'distance' },
      form: { sort: 'distance' },
    },
    {
      name: 'nearest first without a place, which is then not applied',
      query: { q: 'yoga', sort: 'distance' },
      form: { sort: 'relevance' },
      errors: ['Enter a place to sort by distance, or choose another order'],
    },
    { name: 'an unknown order', query: { sort: 'random' }, errors: ['Choose an order from the list'] },
  ];
  for (const c of more) {
    it(`reads ${c.name}`, () => {
      const { form, errors } = parseSearchForm(c.query);
      for (const [key, value] of Object.entries(c.form ?? {})) {
        expect(form[key as keyof typeof form], key).to.deep.equal(value);
      }
      expect(errors.map((e) => e.message)).to.deep.equal(c.errors ?? []);
    });
  }

  it('turns date shortcuts into London dates', () => {
    // Tuesday 1 December 2026, 23:30 UTC is still Tuesday in London (GMT).
    const tuesday = new Date('2026-12-01T23:30:00Z');
    const range = (when: string) => dateRange(parseSearchForm({ when }).form, tuesday);
    expect(range('today')).to.deep.equal({ from: '2026-12-01', to: '2026-12-01' });
    expect(range('tomorrow')).to.deep.equal({ from: '2026-12-02', to: '2026-12-02' });
    expect(range('this-week')).to.deep.equal({ from: '2026-12-01', to: '2026-12-06' });
    expect(range('weekend')).to.deep.equal({ from: '2026-12-05', to: '2026-12-06' });
    expect(range('next-7-days')).to.deep.equal({ from: '2026-12-01', to: '2026-12-07' });
    const sunday = new Date('2026-12-06T12:00:00Z');
    expect(dateRange(parseSearchForm({ when: 'weekend' }).form, sunday)).to.deep.equal({
      from: '2026-12-06',
      to: '2026-12-06',
    });
    // 23:30 UTC on 31 May is already 1 June in London (BST).
    expect(
      dateRange(parseSearchForm({ when: 'today' }).form, new Date('2027-05-31T23:30:00Z')),
    ).to.deep.equal({ from: '2027-06-01', to: '2027-06-01' });
  });

  it('writes a query string that parses back to the same form', () => {
    const { form } = parseSearchForm({
      q: 'art',
      where: 'BS5',
      radius: '2',
      day: ['TU', 'TH'],
      time: 'afternoon',
      need: 'loneliness',
      type: 'dance',
      suits: ['drop-in', 'women-only'],
      when: 'weekend',
      after: '10:00',
      before: '15:00',
      free: '1',
      home: ['online', 'visit'],
      age: '74',
      sort: 'soonest',
      page: '2',
    });
    const params = new URLSearchParams(searchQueryString(form));
    const again = parseSearchForm(
      Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.getAll(key)])),
    );
    expect(again.form).to.deep.equal(form);
  });

  it('clears every filter but the words and the place', () => {
    const { form } = parseSearchForm({
      q: 'lonely',
      where: 'BS5 3',
      need: 'loneliness',
      age: '74',
      home: 'phone',
    });
    expect(clearedQueryString(form)).to.equal('q=lonely&where=BS5+3');
  });
});
