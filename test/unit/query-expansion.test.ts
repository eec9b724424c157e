import { expect } from 'chai';
import { expansions } from '../../src/domain/query-expansion.js';
import { vocabularies } from '../../src/domain/vocabulary.js';

describe('query expansion: the words providers use for what a search describes', () => {
  it('looks for bereavement words when a death is described in plain words', () => {
    expect(expansions('my dad died and I cannot stop crying')).to.deep.equal([
      ['bereavement', 'bereaved', 'grief', 'grieving', 'widowed'],
    ]);
    expect(expansions('lost my wife').flat()).to.include('bereavement');
  });

  it('looks for befriending and home visits for someone housebound', () => {
    expect(expansions('housebound').flat()).to.include.members(['befriending', 'home visits']);
  });

  it('meets a word in the singular or plural, and without its apostrophe', () => {
    expect(expansions('anxious teenager').flat()).to.include('young people');
    expect(expansions('help for my teenagers').flat()).to.include('young people');
    // "mens shed" is the providers' own "men's shed": nothing to widen.
    expect(expansions('mens shed')).to.deep.equal([]);
    expect(expansions('lonely older man likes fixing things').flat()).to.include("men's shed");
  });

  it('widens nothing when the search already uses the providers’ words', () => {
    // "yoga" is not tai chi, "anxiety" is not depression, a food bank is not debt advice.
    expect(expansions('yoga')).to.deep.equal([]);
    expect(expansions('anxiety group')).to.deep.equal([]);
    expect(expansions('bereavement group')).to.deep.equal([]);
    expect(expansions('LGBT support')).to.deep.equal([]);
  });

  it('reads a short capitalised synonym as an abbreviation only as written', () => {
    // "IT" is a learning synonym; "it" in a sentence is not.
    expect(expansions('dad died and my son will not talk about it').flat()).to.not.include('courses');
    expect(expansions('help with IT').flat()).to.include('courses');
  });

  it('brings each word once, in one group per term named', () => {
    const groups = expansions('husband passed away, on my own now and lonely');
    const words = groups.flat();
    expect(new Set(words).size).to.equal(words.length);
    expect(groups.length).to.be.at.least(1);
  });

  it('has listing words only on terms that also have synonyms to be named by', () => {
    for (const v of vocabularies)
      for (const term of v.terms)
        if (term.listingWords) expect(term.synonyms.length, term.code).to.be.greaterThan(0);
  });
});
