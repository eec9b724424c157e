import { expect } from 'chai';
import {
  addToShortlist,
  moveInShortlist,
  readShortlist,
  removeFromShortlist,
  setShortlistNotes,
  SHORTLIST_MAX_ITEMS,
} from '../../src/domain/shortlist.js';

const list = [
  { id: 'a', note: '' },
  { id: 'b', note: 'bring shoes' },
  { id: 'c', note: '' },
];

describe('shortlist rules', () => {
  it('adds once, and refuses past the limit with a message', () => {
    const added = addToShortlist(list, 'd');
    expect(added.ok && added.shortlist.map((i) => i.id)).to.deep.equal(['a', 'b', 'c', 'd']);
    const again = addToShortlist(list, 'a');
    expect(again.ok && again.shortlist).to.equal(list);
    const full = Array.from({ length: SHORTLIST_MAX_ITEMS }, (_, i) => ({ id: `x${i}`, note: '' }));
    const refused = addToShortlist(full, 'y');
    expect(refused.ok).to.equal(false);
    expect(!refused.ok && refused.message).to.contain(String(SHORTLIST_MAX_ITEMS));
  });

  it('moves up and down and stays put at the ends', () => {
    expect(moveInShortlist(list, 'c', -1).map((i) => i.id)).to.deep.equal(['a', 'c', 'b']);
    expect(moveInShortlist(list, 'a', 1).map((i) => i.id)).to.deep.equal(['b', 'a', 'c']);
    expect(moveInShortlist(list, 'a', -1)).to.equal(list);
    expect(moveInShortlist(list, 'c', 1)).to.equal(list);
    expect(moveInShortlist(list, 'zz', 1)).to.equal(list);
    expect(removeFromShortlist(list, 'b').map((i) => i.id)).to.deep.equal(['a', 'c']);
  });

  it('sets trimmed notes and refuses one over 200 characters, naming its item', () => {
    const set = setShortlistNotes(list, { a: '  mornings  ', c: 'x'.repeat(200) });
    expect(set.ok && set.shortlist.map((i) => i.note)).to.deep.equal([
      'mornings',
      'bring shoes',
      'x'.repeat(200),
    ]);
    expect(setShortlistNotes(list, { b: 'y'.repeat(201) })).to.deep.equal({
      ok: false,
      id: 'b',
      length: 201,
    });
  });

  it('reads only well-formed, distinct items from storage', () => {
    expect(readShortlist('nope')).to.deep.equal([]);
    expect(
      readShortlist([
        { id: 'a', note: 'n' },
        { id: 'a' },
        { id: 3 },
        null,
        { id: 'b', note: 'z'.repeat(300) },
      ]),
    ).to.deep.equal([
      { id: 'a', note: 'n' },
      { id: 'b', note: 'z'.repeat(200) },
    ]);
  });
});
