import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { drawSplit, QUERIES_DIR, readJudgedSet } from '../../bench/relevance/judged-set.js';

const query = (id: string, set: 'tune' | 'held-out', judgements: unknown[]) => ({
  id,
  set,
  situation: 'Lonely since her husband died',
  form: { q: 'lonely widow', where: 'BS5' },
  pool: ['widow'],
  judgements,
});
const relevant = { id: 'listing-1', grade: 3, why: 'a widows’ coffee morning half a mile away' };

describe('the judged relevance set', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'judged-set-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A one-file judged set holding these queries, with each query's half as the seeded draw gives it. */
  function write(queries: ReturnType<typeof query>[], drawn = true) {
    const split = drawSplit(queries.map((q) => q.id));
    const placed = drawn ? queries.map((q) => ({ ...q, set: split.get(q.id)! })) : queries;
    writeFileSync(path.join(dir, 'theme.json'), JSON.stringify(placed));
  }

  it('the committed set: at least 60 queries, each with a listing judged relevant, a third held out per theme', () => {
    const { queries, digest } = readJudgedSet();
    expect(queries.length).to.be.at.least(60);
    expect(digest).to.match(/^[0-9a-f]{16}$/);
    for (const file of readdirSync(QUERIES_DIR).filter((f) => f.endsWith('.json'))) {
      const inFile = JSON.parse(readFileSync(path.join(QUERIES_DIR, file), 'utf8')) as { set: string }[];
      const heldOut = inFile.filter((q) => q.set === 'held-out').length;
      expect(heldOut, file).to.equal(Math.round(inFile.length / 3));
      expect(heldOut, file).to.be.within(1, inFile.length - 1);
    }
  });

  it('the split is a fixed draw: the same ids give the same halves, whatever order they come in', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const first = drawSplit(ids);
    expect([...first.values()].filter((s) => s === 'held-out')).to.have.length(2);
    expect(drawSplit([...ids].reverse())).to.deep.equal(first);
    expect(drawSplit(ids, 15)).not.to.deep.equal(first);
  });

  it('refuses a query moved to the other half than the draw gave it', () => {
    write(
      [query('a', 'tune', [relevant]), query('b', 'tune', [relevant]), query('c', 'tune', [relevant])],
      false,
    );
    expect(() => readJudgedSet(dir)).to.throw(/theme\.json: the split differs from the seeded draw for /);
  });

  it('refuses a relevant grade without a reason, a listing judged twice, and a query with nothing relevant', () => {
    write([query('a', 'tune', [{ id: 'listing-1', grade: 2 }])]);
    expect(() => readJudgedSet(dir)).to.throw(/a judgement of grade 2 or 3 needs a reason/);
    write([query('a', 'tune', [relevant, { id: 'listing-1', grade: 0 }])]);
    expect(() => readJudgedSet(dir)).to.throw(/listings judged twice: listing-1/);
    write([query('a', 'tune', [{ id: 'listing-2', grade: 1 }])]);
    expect(() => readJudgedSet(dir)).to.throw(/no listing judged relevant/);
    write([query('a', 'tune', [relevant])]);
    expect(readJudgedSet(dir).queries.map((q) => q.id)).to.deep.equal(['a']);
  });
});
