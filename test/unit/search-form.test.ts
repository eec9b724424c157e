import { expect } from 'chai';
import { parseSearchForm, searchQueryString } from '../../src/services/search-form.js';

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

  it('writes a query string that parses back to the same form', () => {
    const { form } = parseSearchForm({
      q: 'art',
      where: 'BS5',
      radius: '2',
      day: ['TU', 'TH'],
      time: 'afternoon',
      need: 'loneliness',
      free: '1',
      page: '2',
    });
    const params = new URLSearchParams(searchQueryString(form));
    const again = parseSearchForm(
      Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.getAll(key)])),
    );
    expect(again.form).to.deep.equal(form);
  });
});
