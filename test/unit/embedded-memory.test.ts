import { expect } from 'chai';
import { memorySettings } from '../../src/db/embedded-postgres.js';

const GB = 1024 ** 3;

describe('the embedded server’s memory settings, sized to the machine', () => {
  it('gives its cache a quarter of the memory and the planner half, within bounds', () => {
    expect(memorySettings(1 * GB)).to.deep.equal(['shared_buffers=256MB', 'effective_cache_size=512MB']);
    expect(memorySettings(24 * GB)).to.deep.equal(['shared_buffers=6144MB', 'effective_cache_size=12288MB']);
    expect(memorySettings(0.25 * GB)).to.deep.equal(['shared_buffers=128MB', 'effective_cache_size=128MB']);
    expect(memorySettings(128 * GB)).to.deep.equal(['shared_buffers=8192MB', 'effective_cache_size=65536MB']);
  });
});
