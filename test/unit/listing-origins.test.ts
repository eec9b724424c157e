// How an import names its source by default, and which date counts as the publisher's own review.
import { expect } from 'chai';
import { importSource, ListingOrigins, reviewedOn } from '../../src/importer/listing-origins.js';

const AT = new Date('2026-11-20T09:00:00Z');

describe('listing origins', () => {
  it('names a feed by its host and a file by its file name, unless given a name', () => {
    expect(importSource('https://directory.example.org/api/', undefined, AT)).to.deep.equal({
      kind: 'feed',
      name: 'directory.example.org',
      address: 'https://directory.example.org/api',
      fetchedAt: '2026-11-20T09:00:00.000Z',
    });
    expect(importSource('seed-data/activities/bristol.json', undefined, AT)).to.include({
      kind: 'file',
      name: 'bristol.json',
      address: 'seed-data/activities/bristol.json',
    });
    expect(importSource('seed-data/activities', '  Bristol Community Directory ', AT).name).to.equal(
      'Bristol Community Directory',
    );
    expect(importSource('seed-data/activities', '   ', AT).name).to.equal('activities');
  });

  it('takes assured_date, else the day of last_modified, else none', () => {
    expect(reviewedOn({ assured_date: '2024-10-04', last_modified: null })).to.equal('2024-10-04');
    expect(reviewedOn({ assured_date: null, last_modified: '2024-09-30T10:00:00Z' as never })).to.equal(
      '2024-09-30',
    );
    expect(reviewedOn({ assured_date: null, last_modified: null })).to.equal(null);
  });

  it('hashes the record as received: the same record the same, a changed one differently', async () => {
    const origins = new ListingOrigins(importSource('a.json', undefined, AT));
    const listing = (name: string) =>
      ({ service: { id: 's1', name, assured_date: null, last_modified: null } }) as never;
    const [a, b, c] = [listing('Walk'), listing('Walk'), listing('Run')];
    for (const l of [a, b, c]) await origins.enrich(l);
    const hash = (l: { origin?: { contentHash: string } }) => l.origin!.contentHash;
    expect(hash(a)).to.equal(hash(b));
    expect(hash(a)).not.to.equal(hash(c));
    expect((a as { origin: { sourceId: string } }).origin.sourceId).to.equal('s1');
  });
});
