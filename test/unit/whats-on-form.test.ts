import { expect } from 'chai';
import { parseWhatsOnForm } from '../../src/web/forms/whats-on.js';
import { sessionTimes } from '../../src/web/whats-on-view.js';

describe("What's on form and session times", () => {
  it('reads the place and radius as the search form does, and today by default', () => {
    expect(parseWhatsOnForm({})).to.deep.equal({
      form: { where: '', radius: 5, when: 'today' },
      errors: [],
      asked: false,
    });
    expect(parseWhatsOnForm({ where: '  BS5   6 ', radius: '2', when: 'this-week' }).form).to.deep.equal({
      where: 'BS5 6',
      radius: 2,
      when: 'this-week',
    });
  });

  it('names each bad choice, keeps the good ones, and asks for a place once the form is sent', () => {
    const { form, errors } = parseWhatsOnForm({ where: 'BS5', radius: '7', when: 'weekend' });
    expect(form).to.deep.equal({ where: 'BS5', radius: 5, when: 'today' });
    expect(errors.map((e) => e.field)).to.deep.equal(['radius', 'when']);
    expect(parseWhatsOnForm({ when: 'tomorrow' }).errors).to.deep.equal([
      { field: 'where', message: 'Enter a postcode, postcode district or place name' },
    ]);
  });

  it('writes a session’s times in London, past midnight and untimed alike', () => {
    expect(sessionTimes(new Date('2026-07-07T09:00:00Z'), new Date('2026-07-07T10:30:00Z'))).to.equal(
      '10:00–11:30',
    );
    expect(sessionTimes(new Date('2026-12-07T23:30:00Z'), new Date('2026-12-08T00:30:00Z'))).to.equal(
      '23:30–00:30',
    );
    expect(sessionTimes(new Date('2026-12-08T14:00:00Z'), null)).to.equal('from 14:00');
    expect(sessionTimes(new Date('2026-12-08T00:00:00Z'), null)).to.equal('');
  });
});
