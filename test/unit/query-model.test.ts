import { expect } from 'chai';
import { partsOfWindow } from '../../src/domain/time-rules.js';
import { normalisedQuery, searchQuery } from '../../src/search/engine.js';

const NOW = new Date('2026-12-01T08:00:00Z');

describe('the query model', () => {
  it('names the parts of the day a window is made of exactly, and no others', () => {
    expect(partsOfWindow(12 * 60, 17 * 60)).to.deep.equal(['afternoon']);
    expect(partsOfWindow(0, 17 * 60)).to.deep.equal(['morning', 'afternoon']);
    expect(partsOfWindow(0, 24 * 60)).to.deep.equal(['morning', 'afternoon', 'evening']);
    expect(partsOfWindow(17 * 60, 24 * 60)).to.deep.equal(['evening']);
    expect(partsOfWindow(12 * 60, 16 * 60)).to.equal(null);
    expect(partsOfWindow(13 * 60, 17 * 60)).to.equal(null);
    expect(partsOfWindow(17 * 60, 12 * 60)).to.equal(null);
  });

  it('asks a window of whole parts as those parts, so the API and the page rank alike', () => {
    const window = searchQuery({ timeWindow: { from: 12 * 60, to: 17 * 60 }, days: [2], now: NOW });
    expect(normalisedQuery(window)).to.deep.equal({ ...window, timeWindow: null, partsOfDay: ['afternoon'] });
    const other = searchQuery({ timeWindow: { from: 13 * 60, to: 14 * 60 }, now: NOW });
    expect(normalisedQuery(other)).to.equal(other);
    // Parts and a window together are both kept: the session must meet each.
    const both = searchQuery({
      timeWindow: { from: 12 * 60, to: 17 * 60 },
      partsOfDay: ['morning'],
      now: NOW,
    });
    expect(normalisedQuery(both)).to.equal(both);
  });

  it('leaves nothing unset: every filter has its "anything" default', () => {
    const q = searchQuery({ now: NOW });
    expect(q).to.include({ sort: 'relevance', includeOnline: true, organizationId: null, minimumAge: null });
    expect(q.termIds).to.deep.equal([]);
    expect(q.taxonomyIds).to.deep.equal([]);
  });
});
