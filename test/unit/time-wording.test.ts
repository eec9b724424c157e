import { expect } from 'chai';
import { timeOnDate } from '../../src/web/time-wording.js';

describe('when a link was used, in words', () => {
  it('writes London time as GOV.UK does: 3:05pm, 9am, midday, midnight', () => {
    expect(timeOnDate(new Date('2026-12-04T15:05:00Z'))).to.equal('3:05pm on 4 December 2026');
    expect(timeOnDate(new Date('2026-07-04T08:00:00Z'))).to.equal('9am on 4 July 2026');
    expect(timeOnDate(new Date('2026-12-04T12:00:00Z'))).to.equal('midday on 4 December 2026');
    expect(timeOnDate(new Date('2026-12-04T00:00:00Z'))).to.equal('midnight on 4 December 2026');
  });
});
