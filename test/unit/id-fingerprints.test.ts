import { expect } from 'chai';
import { IdFingerprints } from '../../src/importer/id-fingerprints.js';

describe('id fingerprints', () => {
  it('remember the first record to use each id, through growth, and only that one', () => {
    const ids = new IdFingerprints();
    // Enough ids to grow the table several times, with near-identical spellings.
    for (let n = 0; n < 50_000; n++) ids.add(`schedules|service-${n}:schedule`, n);
    for (let n = 0; n < 50_000; n++) ids.add(`schedules|service-${n}:schedule`, n + 1_000_000);
    expect(ids.size).to.equal(50_000);
    for (const n of [0, 1, 4095, 4096, 49_999])
      expect(ids.ownerOf(`schedules|service-${n}:schedule`)).to.equal(n);
    expect(ids.ownerOf('schedules|service-50000:schedule')).to.equal(-1);
    expect(ids.has('phones|service-1:schedule')).to.equal(false);
    expect(ids.has('')).to.equal(false);
  });

  it('forget the ids first used from a given record on, and only those', () => {
    const ids = new IdFingerprints();
    for (let n = 0; n < 10_000; n++) ids.add(`id-${n}`, n);
    ids.forgetFrom(6000);
    expect(ids.size).to.equal(6000);
    expect(ids.ownerOf('id-5999')).to.equal(5999);
    expect(ids.has('id-6000')).to.equal(false);
    ids.add('id-6000', 7);
    expect(ids.ownerOf('id-6000')).to.equal(7);
  });
});
