// The pure parts of crawling a live feed: which roots are ORUK 3, Retry-After, content hashes, HTML found in
// fields, terms filled in from the feed's own list, and the feed's address as a crawl keys it.
import { expect } from 'chai';
import { feedAddress, feedPage, FeedRefused, isVersion3 } from '../../src/importer/crawl/feed-api.js';
import { retryAfterMs } from '../../src/importer/crawl/feed-client.js';
import { FeedFaults } from '../../src/importer/crawl/feed-faults.js';
import { contentHash, fieldsWithHtml, withFeedTerms } from '../../src/importer/crawl/feed-records.js';

describe('crawling a live feed: the pure rules', () => {
  it('takes any spelling of version 3 and nothing else', () => {
    for (const version of ['HSDS-UK-3.0', 'HSDS-3.0', '3.0', '3.0.1', '3.1', 'v3', ' 3.0 '])
      expect(isVersion3(version), version).to.equal(true);
    for (const version of ['1.0', 'HSDS-UK-1.0', '2.0', '13.0', '3.0-beta', 'HSDS-UK-4.0', ''])
      expect(isVersion3(version), version).to.equal(false);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).to.equal(2000);
    expect(retryAfterMs(null)).to.equal(null);
    expect(retryAfterMs('soon')).to.equal(null);
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(retryAfterMs('Thu, 03 Dec 2026 10:00:30 GMT', now)).to.equal(30000);
    expect(retryAfterMs('Thu, 03 Dec 2026 09:00:00 GMT', now)).to.equal(0);
  });

  it('hashes a record the same whatever order its keys come in, and differently when a value changes', () => {
    const a = { id: 'x', name: 'Walk', schedules: [{ freq: 'WEEKLY', byday: 'MO' }] };
    const b = { schedules: [{ byday: 'MO', freq: 'WEEKLY' }], name: 'Walk', id: 'x' };
    expect(contentHash(a)).to.equal(contentHash(b));
    expect(contentHash(a)).to.not.equal(contentHash({ ...a, name: 'Walks' }));
    // Array order is content (a feed's first location is its first).
    expect(contentHash({ l: [1, 2] })).to.not.equal(contentHash({ l: [2, 1] }));
  });

  it('names each field that holds HTML', () => {
    expect(
      fieldsWithHtml({
        description: '<p>Hi</p>',
        name: 'Tea & cake < 5 pounds',
        service_at_locations: [{ location: { name: 'Hall <br>' } }],
      }),
    ).to.deep.equal(['description', 'service_at_locations[0].location.name']);
  });

  it("fills an attribute's term from the feed's own lists when it is named by id only", () => {
    const vocabulary = {
      taxonomies: new Map([['tx', { id: 'tx', name: 'Needs' }]]),
      terms: new Map([['t1', { id: 't1', name: 'Loneliness', taxonomy_id: 'tx' }]]),
    };
    const record = {
      id: 's',
      attributes: [
        { id: 'a', taxonomy_term_id: 't1' },
        { id: 'b', taxonomy_term_id: 'zz' },
      ],
    };
    expect(withFeedTerms(record, vocabulary)).to.deep.equal({
      id: 's',
      attributes: [
        {
          id: 'a',
          taxonomy_term_id: 't1',
          taxonomy_term: {
            id: 't1',
            name: 'Loneliness',
            taxonomy_id: 'tx',
            taxonomy_detail: { id: 'tx', name: 'Needs' },
          },
        },
        { id: 'b', taxonomy_term_id: 'zz' },
      ],
    });
  });

  it('keys a feed by its address without a trailing slash, and refuses what is not http(s)', () => {
    expect(feedAddress('https://example.org/api/')).to.equal('https://example.org/api');
    expect(feedAddress('https://example.org/api?x=1')).to.equal('https://example.org/api');
    expect(() => feedAddress('ftp://example.org/api')).to.throw(FeedRefused, /not an http or https address/);
    expect(() => feedAddress('feed.json')).to.throw(FeedRefused, /not a web address/);
  });

  it('reads the ORUK page envelope, and nothing else as one', () => {
    expect(feedPage({ total_items: 3, total_pages: 2, last_page: false, contents: [{}] })).to.deep.equal({
      totalItems: 3,
      totalPages: 2,
      lastPage: false,
      contents: [{}],
    });
    expect(feedPage([{}])).to.equal(null);
    expect(feedPage({ content: [] })).to.equal(null);
  });

  it('counts faults by kind with three examples', () => {
    const faults = new FeedFaults();
    for (const n of [1, 2, 3, 4]) faults.add('service could not be read', `/services/${n}`, '500');
    expect(faults.lines()).to.deep.equal([
      'feed fault: service could not be read: 4 (/services/1: 500; /services/2: 500; /services/3: 500; …)',
    ]);
  });
});
