// Which words of a search carry its meaning.
import { expect } from 'chai';
import { meaningfulWords } from '../../src/domain/query-words.js';

describe('meaningfulWords', () => {
  it('leaves out the words that only frame a request', () => {
    expect(meaningfulWords("wants someone to talk to, can't get out since my fall")).to.equal(
      'to talk to, out my fall',
    );
    expect(meaningfulWords("I'm looking for something near Sale")).to.equal('for Sale');
  });

  it('keeps the words that name the need', () => {
    expect(meaningfulWords('lost my wife')).to.equal('lost my wife');
    expect(meaningfulWords('day centre')).to.equal('day centre');
  });

  it('keeps the words as typed when nothing else is left', () => {
    expect(meaningfulWords('something')).to.equal('something');
  });
});
