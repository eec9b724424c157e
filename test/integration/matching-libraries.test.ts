import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_THRESHOLDS, matchRecords, type MatchRun } from '../../src/domain/matching/index.js';
import { orientedIds, pairKey, readLabels, score, type Labels } from '../../bench/matching/labels.js';
import {
  GM_MAPPING,
  libraryFiles,
  NATIONAL_MAPPING,
  readLibraryRecords,
} from '../../bench/matching/library-files.js';
import { requireSharedData } from '../support/shared-data.js';

// The two real lists of many of the same libraries, matched without Code-Point positions (postcodes only, as a
// feed without coordinates gives them); `npm run bench:match` measures the same with positions.
const files = libraryFiles(loadConfig().sharedDataDir);

describe('matching: Greater Manchester libraries against the national list (shared data)', function () {
  this.timeout(60000);
  let run: MatchRun;
  let labels: Labels;

  before(async function () {
    requireSharedData(this, [files.gm, files.national]);
    const gm = await readLibraryRecords(files.gm, GM_MAPPING, 'gm');
    const national = await readLibraryRecords(files.national, NATIONAL_MAPPING, 'national');
    // Throws if a label names a row the files do not have, or a GM row has no label.
    labels = await readLabels(new Set(gm.map((r) => r.id)), new Set(national.map((r) => r.id)));
    run = matchRecords([...gm, ...national]);
  });

  it('brings every labelled pair together as a candidate, comparing under 1 % of all pairs', () => {
    const candidates = new Set(run.pairs.map((pair) => pairKey(...orientedIds(pair, 'gm'))));
    expect([...labels.same].filter((key) => !candidates.has(key))).to.deep.equal([]);
    expect(run.candidates / run.possible).to.be.below(0.01);
    expect(run.skipped).to.deep.equal([]);
  });

  it('merges almost every true pair and no wrong one, and shows the steward the rest', () => {
    const certain = score(run.pairs, labels, ['certain'], 'gm');
    expect(certain.wrong, 'wrong certain pairs').to.equal(0);
    expect(certain.recall).to.be.at.least(0.95);
    const suggested = score(run.pairs, labels, ['certain', 'uncertain'], 'gm');
    expect(suggested.recall).to.equal(1);
    expect(suggested.precision).to.be.at.least(0.9);
  });

  it('gives the steward a short queue, each pair with its reasons in words', () => {
    const queue = run.pairs.filter((pair) => pair.decision.verdict === 'uncertain');
    expect(queue.length).to.be.within(1, 30);
    for (const { decision } of queue) {
      expect(decision.reasons.length).to.be.at.least(2);
      for (const reason of decision.reasons) expect(reason.detail).to.match(/\w{3}/);
      // A pair scoring high enough to merge says why it was held back.
      if (decision.score >= DEFAULT_THRESHOLDS.certain) expect(decision.held).to.be.a('string');
    }
  });
});
