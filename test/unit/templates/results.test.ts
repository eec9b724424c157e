// A search result and the error page, rendered alone with fixture data.
import { expect } from 'chai';
import { renderPage, renderPartial } from '../../support/templates.js';

const hit = {
  id: 'walk-1',
  name: 'Riverside Walking Group',
  organizationName: 'Friends of the River',
  summary: 'A gentle hour by the river.',
  status: 'active',
  placement: 'local',
  distanceMetres: 1609.344,
  locationName: 'Easton Community Centre',
  areaName: null,
  nextSession: null,
  isFree: false,
  lowestPrice: 2.5,
};
const root = {
  paths: { shortlistAdd: '/shortlist/add', shortlistRemove: '/shortlist/remove' },
  shortlistIds: [],
};
const text = (value: string) => value.replace(/\s+/g, ' ').trim();

describe('templates: a search result', () => {
  it('a local result says how far, where, the cost and that there are no dates yet', async () => {
    const $ = await renderPartial('result', { ...root, ...hit });
    const item = $('li.result[data-activity-id=walk-1]');
    expect(item.find('h3 a').attr('href')).to.equal('/activities/walk-1');
    expect(text(item.find('h3').text())).to.equal('Riverside Walking Group');
    const facts = item
      .find('ul.govuk-list li')
      .map((_, li) => text($(li).text()))
      .get();
    expect(facts).to.include('Distance: 1.0 miles away, Easton Community Centre');
    expect(facts).to.include('Next session: contact the group for dates');
    expect(facts).to.include('Cost: From £2.50');
    expect(item.find('.govuk-tag')).to.have.length(0);
  });

  it('an area-wide result is labelled with the area it covers, a paused one as temporarily closed', async () => {
    const $ = await renderPartial('result', {
      ...root,
      ...hit,
      placement: 'area',
      areaName: 'Bristol',
      distanceMetres: null,
      status: 'temporarily closed',
      isFree: true,
    });
    const tags = $('.govuk-tag')
      .map((_, tag) => text($(tag).text()))
      .get();
    expect(tags).to.deep.equal(['Covers Bristol', 'Temporarily closed']);
    expect($.text()).not.to.include('away');
    expect(text($('li:contains("Cost:")').last().text())).to.equal('Cost: Free');
  });

  it('a temporarily closed result gives no next session, saying it is closed instead', async () => {
    const $ = await renderPartial('result', {
      ...root,
      ...hit,
      status: 'temporarily closed',
      nextSession: { start: new Date('2026-12-08T10:00:00Z'), end: null },
    });
    expect($.text()).not.to.include('Next session');
    expect($.text()).not.to.include('December');
    expect(text($('.govuk-tag').text())).to.equal('Temporarily closed');
  });

  it('cost keeps the listing’s own words and unit, and is never said twice', async () => {
    const termly = await renderPartial('result', {
      ...root,
      ...hit,
      lowestPrice: 4,
      costDescription: '£45 a term or £4 a week. Your first two weeks are free.',
    });
    expect(text(termly('li:contains("Cost:")').last().text())).to.equal('Cost: £45 a term or £4 a week');
    const free = await renderPartial('result', { ...root, ...hit, isFree: true, costDescription: 'Free.' });
    expect(text(free('li:contains("Cost:")').last().text())).to.equal('Cost: Free');
  });

  it('without a place, a result names its town, or the area it covers', async () => {
    const venue = await renderPartial('result', { ...root, ...hit, distanceMetres: null, town: 'Leeds' });
    expect(
      venue('ul.govuk-list li')
        .map((_, li) => text(venue(li).text()))
        .get(),
    ).to.include('Easton Community Centre, Leeds');
    const area = await renderPartial('result', {
      ...root,
      ...hit,
      placement: 'unplaced',
      distanceMetres: null,
      locationName: null,
      areaName: 'North Trafford',
    });
    expect(text(area('.govuk-tag').text())).to.equal('Covers North Trafford');
  });

  it('the shortlist button names the activity for screen readers, and says Remove once it is listed', async () => {
    const adding = await renderPartial('result', { ...root, ...hit });
    expect(text(adding('form.shortlist-form button').text())).to.equal(
      'Add to shortlist: Riverside Walking Group',
    );
    const removing = await renderPartial('result', { ...root, ...hit, shortlistIds: ['walk-1'] });
    expect(removing('form.shortlist-form').attr('action')).to.equal('/shortlist/remove');
    expect(text(removing('form.shortlist-form button').text())).to.equal(
      'Remove from shortlist: Riverside Walking Group',
    );
  });
});

describe('templates: the error page', () => {
  it('a 404 says what to check and links back to search', async () => {
    const $ = await renderPage('error', { title: 'Page not found', status: 404 }, { layout: false });
    expect($('h1').text()).to.equal('Page not found');
    expect($.text()).to.include('check it is correct');
    expect($('a[href="/"]').text()).to.equal('Search for activities');
  });

  it('a 503 asks to try again and says nothing of a missing page', async () => {
    const $ = await renderPage('error', { title: 'Service unavailable', status: 503 }, { layout: false });
    expect($.text()).to.include('try again in a few moments');
    expect($.text()).not.to.include('check it is correct');
  });
});
