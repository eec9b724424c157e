// The results heading of a search answered from its best RESULT_WINDOW.
import { expect } from 'chai';
import { renderPartial } from '../../support/templates.js';

const text = (value: string) => value.replace(/\s+/g, ' ').trim();
const results = (result: Record<string, unknown>, total: number) =>
  renderPartial('results-count', {
    outcome: { searched: true, result },
    total,
    hits: [],
    form: {},
    pagination: { from: 1, to: 20 },
    paths: {},
    shortlistIds: [],
  });

describe('templates: the results count', () => {
  it('says "more than" the window, and how to narrow it, when more matched than can be shown', async () => {
    const $ = await results({ window: true, total: 300 }, 300);
    expect(text($('#results-count').text())).to.equal('More than 300 activities found');
    expect(text($('#result-window').text())).to.match(/best 300\. Add a place, a day or a need/);
  });

  it('gives the count itself otherwise', async () => {
    const $ = await results({ total: 1234 }, 1234);
    expect(text($('#results-count').text())).to.equal('1,234 activities found');
    expect($('#result-window')).to.have.length(0);
  });
});
