import { expect } from 'chai';
import { dcg, mean, ndcgAt, precisionAt } from '../../bench/relevance/metrics.js';
import { gradesShown } from '../../bench/relevance/report.js';

// Grades as a judge gave them: a exactly right, b relevant, c marginal, d judged not relevant; e never judged.
const grades = new Map([
  ['a', 3],
  ['b', 2],
  ['c', 1],
  ['d', 0],
]);

describe('relevance metrics', () => {
  it('DCG discounts each grade by log2(rank + 1)', () => {
    // 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.26186 + 0.5
    expect(dcg([3, 2, 1])).to.be.closeTo(4.76186, 1e-5);
    expect(dcg([])).to.equal(0);
  });

  it('P@k counts grade 2 and up among the first k, out of min(k, relevant judged)', () => {
    const ranked = ['c', 'a', 'e', 'b', 'd'];
    // Two relevant listings judged (a, b), both in the first five: 2 / min(5, 2).
    expect(precisionAt(5, ranked, grades)).to.equal(1);
    // First three hold a only: 1 / min(3, 2).
    expect(precisionAt(3, ranked, grades)).to.equal(0.5);
    // A grade-1 listing does not count as relevant.
    expect(precisionAt(1, ranked, grades)).to.equal(0);
  });

  it('nDCG@k is the ranking DCG over the ideal ordering of every judged grade', () => {
    // DCG: 1/1 + 3/log2(3) + 0 + 2/log2(5) + 0 = 3.75414; ideal [3, 2, 1] = 4.76186.
    expect(ndcgAt(5, ['c', 'a', 'e', 'b', 'd'], grades)).to.be.closeTo(0.78838, 1e-5);
    expect(ndcgAt(5, ['a', 'b', 'c'], grades)).to.be.closeTo(1, 1e-12);
  });

  it('a listing nobody judged counts as not relevant, so surfacing it costs the ranking', () => {
    // e takes rank 1 and pushes a to rank 2: 3/log2(3) over the ideal 3/log2(2) with only a judged.
    const onlyA = new Map([['a', 3]]);
    expect(ndcgAt(10, ['e', 'a'], onlyA)).to.be.closeTo(0.63093, 1e-5);
    expect(ndcgAt(10, ['a'], onlyA)).to.equal(1);
  });

  it('ties: listings of equal grade may come in either order', () => {
    const tied = new Map([
      ['x', 2],
      ['y', 2],
      ['z', 3],
    ]);
    expect(ndcgAt(10, ['z', 'x', 'y'], tied)).to.be.closeTo(1, 1e-12);
    expect(ndcgAt(10, ['z', 'y', 'x'], tied)).to.be.closeTo(1, 1e-12);
    expect(ndcgAt(10, ['x', 'z', 'y'], tied)).to.equal(ndcgAt(10, ['y', 'z', 'x'], tied));
    expect(ndcgAt(10, ['x', 'z', 'y'], tied)).to.be.below(1);
  });

  it('a listing shown twice is counted once, and a short list is not padded', () => {
    expect(precisionAt(5, ['a', 'a', 'a'], grades)).to.equal(0.5);
    expect(ndcgAt(10, ['a', 'a', 'b'], grades)).to.equal(ndcgAt(10, ['a', 'b'], grades));
    // Only b found: 2/log2(2) over the ideal 3 + 2/log2(3) + 1/log2(4).
    expect(ndcgAt(10, ['b'], grades)).to.be.closeTo(2 / 4.76186, 1e-5);
    expect(precisionAt(5, [], grades)).to.equal(0);
  });

  it('says nothing rather than 0 when nothing relevant was judged', () => {
    const none = new Map([['d', 0]]);
    expect(precisionAt(5, ['d'], none)).to.equal(null);
    expect(ndcgAt(10, ['d'], none)).to.equal(null);
    expect(ndcgAt(10, ['c'], new Map([['c', 1]]))).to.equal(1);
    expect(precisionAt(5, ['c'], new Map([['c', 1]]))).to.equal(null);
  });

  it('means ignore queries without a figure', () => {
    expect(mean([1, 0, null, 0.5])).to.equal(0.5);
    expect(mean([null])).to.equal(null);
  });

  it('a judged listing merged into another counts as that one, once, with the better grade', () => {
    const judgements = [
      { id: 'gm-library', grade: 3 as const },
      { id: 'national-library', grade: 2 as const },
      { id: 'other', grade: 0 as const },
    ];
    const grades = gradesShown(judgements, new Map([['gm-library', 'national-library']]));
    expect([...grades]).to.deep.equal([
      ['national-library', 3],
      ['other', 0],
    ]);
    // Found once, it is all there is to find: P@5 is 1, not 1 of 2.
    expect(precisionAt(5, ['national-library', 'other'], grades)).to.equal(1);
    expect(gradesShown(judgements, new Map())).to.have.property('size', 3);
  });
});
