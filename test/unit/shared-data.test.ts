import { expect } from 'chai';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';
import { requireSharedData } from '../support/shared-data.js';

const present = path.join(projectRoot, 'package.json');
const absent = path.join(projectRoot, 'no-such-folder/libraries.csv');

/** Stands in for mocha's test context: records a skip the way mocha's own does, by throwing. */
function context() {
  const seen = { skipped: false };
  const skip = () => {
    seen.skipped = true;
    throw new Error('skipped');
  };
  return { seen, context: { skip } as unknown as Mocha.Context };
}

describe('shared data a test needs', () => {
  it('lets the test run when every file is there', () => {
    const { seen, context: ctx } = context();
    requireSharedData(ctx, [present], true);
    expect(seen.skipped).to.equal(false);
  });

  it('skips with the missing file named, outside CI', () => {
    const { seen, context: ctx } = context();
    expect(() => requireSharedData(ctx, [present, absent], false)).to.throw('skipped');
    expect(seen.skipped).to.equal(true);
  });

  it('fails under CI, naming the missing file, instead of skipping', () => {
    const { seen, context: ctx } = context();
    expect(() => requireSharedData(ctx, [present, absent], true)).to.throw(
      `shared data missing: ${absent} (set SHARED_DATA_DIR`,
    );
    expect(seen.skipped).to.equal(false);
  });
});
