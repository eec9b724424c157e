import { expect } from 'chai';
import { costInBrief, costLines } from '../../src/domain/cost.js';

describe('how a cost reads', () => {
  it('a result keeps the unit of the listing’s own words rather than "From" the lowest amount', () => {
    const description =
      '£45 a term or £4 a week. Your first two weeks are free, and you can pay what you can if money is tight.';
    expect(costInBrief({ free: false, lowest: 4, description })).to.equal('£45 a term or £4 a week');
    expect(costInBrief({ free: false, lowest: 3, description: '£3 a class; carers free.' })).to.equal(
      '£3 a class',
    );
  });

  it('a result says Free once, and falls back to an amount or a question without words', () => {
    expect(costInBrief({ free: true, lowest: null, description: 'Free.' })).to.equal('Free');
    expect(costInBrief({ free: true, lowest: null, description: null })).to.equal('Free');
    expect(costInBrief({ free: false, lowest: 2.5, description: null })).to.equal('From £2.50');
    expect(costInBrief({ free: false, lowest: null, description: '' })).to.equal('Ask about cost');
  });

  it('a long first sentence is not quoted in a result', () => {
    const description = `Pay what you can: ${'a contribution towards the room and the tea '.repeat(3)}.`;
    expect(costInBrief({ free: false, lowest: 5, description })).to.equal('From £5');
  });

  it('the cost section says nothing twice: Free beside "Free." nor an option the words already give', () => {
    const free = { free: true, lowest: null, options: [{ text: 'Free', amount: 0 }] };
    expect(costLines({ ...free, description: 'Free.' })).to.deep.equal(['Free.']);
    expect(costLines({ ...free, description: null })).to.deep.equal(['Free']);
    expect(costLines({ ...free, description: 'Tea 50p.' })).to.deep.equal(['Free', 'Tea 50p.']);
    const paid = {
      free: false,
      lowest: 4.5,
      options: [{ text: 'Per session: £4.50: £4.50 for a two-course lunch', amount: 4.5 }],
    };
    expect(costLines({ ...paid, description: '£4.50 for a two-course lunch.' })).to.deep.equal([
      '£4.50 for a two-course lunch.',
    ]);
    expect(costLines({ ...paid, description: null })).to.deep.equal([
      'Per session: £4.50: £4.50 for a two-course lunch',
    ]);
  });
});
