import { expect } from 'chai';
import { whenToTryAgain } from '../../src/web/middleware/rate-limit.js';

describe('when to try again after a rate limit (UK time, plain words)', () => {
  const at = (iso: string) => new Date(iso);

  it('gives the clock time and the wait in minutes, in UK time', () => {
    // 13:30 UTC in July is 14:30 in London.
    expect(whenToTryAgain(15 * 60_000, at('2026-07-01T13:30:00Z'))).to.equal(
      'Try again after 14:45 (in 15 minutes).',
    );
    expect(whenToTryAgain(20_000, at('2026-12-01T09:00:00Z'))).to.equal(
      'Try again after 09:01 (in 1 minute).',
    );
  });

  it('says tomorrow, or the day, when the wait crosses midnight', () => {
    expect(whenToTryAgain(2 * 3600_000, at('2026-12-01T23:00:00Z'))).to.equal(
      'Try again after 01:00 tomorrow (in about 2 hours).',
    );
    expect(whenToTryAgain(50 * 3600_000, at('2026-12-01T10:00:00Z'))).to.equal(
      'Try again after 12:00 on Thursday 3 December (in about 50 hours).',
    );
  });
});
