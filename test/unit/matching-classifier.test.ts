import { expect } from 'chai';
import {
  blockingKeys,
  candidatePairs,
  compareRecords,
  matchRecords,
  prepareRecord,
  type ActivityRecord,
  type DecidedPair,
} from '../../src/domain/matching/index.js';

// Fictional activities; the postcodes are well-formed, the places near central Manchester.
const riverside = { postcode: 'M4 5JD', latitude: 53.4843, longitude: -2.2301 };
const walks: ActivityRecord = {
  id: 'council-1',
  source: 'council',
  name: 'Riverside Walking Group',
  organisation: 'Riverside Friends',
  address: 'Riverside Centre, 12 Mill St, Manchester',
  ...riverside,
  phone: '0161 496 0123',
  email: 'Walks@Riverside.example.org',
  website: 'https://www.riverside.example.org/walks?utm_source=feed',
};

const record = (changes: Partial<ActivityRecord>): ActivityRecord => ({ ...walks, ...changes });
const fields = (pair: { reasons: { field: string; outcome: string }[] }) =>
  Object.fromEntries(pair.reasons.map((r) => [r.field, r.outcome]));
const verdictOf = (run: DecidedPair[], a: string, b: string) =>
  run.find((p) => (p.a.id === a && p.b.id === b) || (p.a.id === b && p.b.id === a))?.decision.verdict ??
  'not compared';

describe('matching: deciding whether two records are one activity', () => {
  it('merges the same activity written differently by two sources, and says why', () => {
    const feed = record({
      id: 'feed-9',
      source: 'feed',
      name: 'Riverside walking group',
      organisation: 'The Riverside Friends',
      address: 'Riverside Center, 12 Mill Street',
      latitude: 53.4845,
      longitude: -2.2305,
      phone: '+44 (0)161 496-0123',
      email: 'walks@riverside.example.org',
      website: 'riverside.example.org/walks/',
    });
    const decision = compareRecords(walks, feed);
    expect(decision.verdict).to.equal('certain');
    expect(fields(decision)).to.deep.equal({
      name: 'agree',
      organisation: 'agree',
      venue: 'agree',
      address: 'agree',
      phone: 'agree',
      email: 'agree',
      website: 'agree',
    });
    expect(decision.reasons.find((r) => r.field === 'venue')?.detail).to.equal('same postcode, 30 m apart');
  });

  it('agrees on a phone number written three ways by three sources', () => {
    const run = matchRecords([
      record({ id: 'a', source: 'council', phone: '0161 496 0123', email: null, website: null }),
      record({ id: 'b', source: 'feed', phone: '+44 161 496 0123', email: null, website: null }),
      record({ id: 'c', source: 'group', phone: '(0161) 4960123', email: null, website: null }),
    ]);
    expect(run.candidates).to.equal(3);
    for (const pair of run.pairs) {
      expect(pair.reasons.find((r) => r.field === 'phone')).to.include({ outcome: 'agree', weight: 5 });
      // One record of each other source: three certain pairs, none in the way of another.
      expect(pair.decision.verdict).to.equal('certain');
    }
  });

  it('keeps apart two activities in one building that share its phone, e-mail and website', () => {
    const centre = {
      address: 'Riverside Centre, 12 Mill Street',
      phone: '0161 496 0999',
      email: 'hello@riverside.example.org',
    };
    const listings = (source: string) =>
      ['Chair Yoga', 'Knit and Natter', 'Memory Cafe', 'Riverside Walking Group'].map((name, i) =>
        record({ id: `${source}-${i}`, source, name, ...centre }),
      );
    const run = matchRecords([...listings('council'), ...listings('feed')]);
    // Each activity finds itself in the other source…
    for (let i = 0; i < 4; i += 1)
      expect(verdictOf(run.pairs, `council-${i}`, `feed-${i}`)).to.equal('certain');
    // …and no steward is asked about the twelve pairs of different activities under one roof.
    const others = run.pairs.filter((p) => p.a.id.split('-')[1] !== p.b.id.split('-')[1]);
    expect(others).to.have.length(12);
    for (const pair of others)
      expect(pair.decision.verdict, `${pair.a.name} / ${pair.b.name}`).to.equal('different');
    // Compared on its own, without knowing the building holds four, such a pair is still never merged.
    const alone = compareRecords(listings('council')[0], listings('feed')[1]);
    expect(alone.verdict).to.not.equal('certain');
    expect(alone.held ?? 'below the threshold').to.be.oneOf([
      'the names do not agree',
      'below the threshold',
    ]);
  });

  it('keeps apart the same name in different towns', () => {
    const elsewhere = record({
      id: 'feed-2',
      source: 'feed',
      address: '3 Station Road, Stockport',
      postcode: 'SK1 9ZX',
      latitude: 53.4083,
      longitude: -2.1494,
      phone: '0161 496 0555',
      email: 'stockport@riverside.example.org',
    });
    const decision = compareRecords(walks, elsewhere);
    expect(decision.verdict).to.equal('different');
    expect(decision.reasons.find((r) => r.field === 'venue')).to.include({ outcome: 'disagree', weight: -8 });
  });

  it('asks a steward when one organisation runs the same activity at two venues in one district', () => {
    const second = record({
      id: 'feed-3',
      source: 'feed',
      address: 'St Mark’s Hall, 40 Oak Road, Manchester',
      postcode: 'M4 6AA',
      latitude: 53.4905,
      longitude: -2.2172,
    });
    const decision = compareRecords(walks, second);
    expect(decision.verdict).to.equal('uncertain');
    expect(decision.held).to.equal('the venues are not the same place');
  });

  it('asks a steward about a renamed activity that keeps its address, e-mail and page', () => {
    const renamed = record({ id: 'feed-4', source: 'feed', name: 'Mill Street Ramblers' });
    const decision = compareRecords(walks, renamed);
    expect(decision.verdict).to.equal('uncertain');
    expect(decision.held).to.equal('the names do not agree');
  });

  it('merges an online activity with no venue on its name and contacts alone', () => {
    const online = { address: null, postcode: null, latitude: null, longitude: null };
    const decision = compareRecords(record(online), record({ ...online, id: 'feed-5', source: 'feed' }));
    expect(decision.verdict).to.equal('certain');
    expect(decision.reasons.map((r) => r.field)).to.not.include('venue');
  });

  it('lets a record merge with one record of another source only', () => {
    const twice = [record({ id: 'feed-6', source: 'feed' }), record({ id: 'feed-7', source: 'feed' })];
    const run = matchRecords([walks, ...twice]);
    expect(run.pairs.map((p) => p.decision.verdict)).to.deep.equal(['uncertain', 'uncertain']);
    // A clearly better one stays certain; the other waits.
    const weaker = record({ id: 'feed-8', source: 'feed', phone: null, email: null, website: null });
    const [best, second] = matchRecords([walks, twice[0], weaker]).pairs;
    expect([best.b.id, best.decision.verdict]).to.deep.equal(['feed-6', 'certain']);
    expect([second.b.id, second.decision.verdict, second.decision.held]).to.deep.equal([
      'feed-8',
      'uncertain',
      'a better match exists for one of the two',
    ]);
  });
});

describe('matching: blocking', () => {
  it('keys a record by postcode district, phone, e-mail host and name words', () => {
    expect(blockingKeys(prepareRecord(walks))).to.deep.equal([
      'district:M4',
      'phone:+441614960123',
      'email:riverside.example.org',
      'name:riverside',
      'name:walking',
    ]);
    // Webmail hosts are shared by strangers: the whole address is the key there.
    expect(blockingKeys(prepareRecord(record({ email: 'Riverside.Walks@gmail.com' })))).to.include(
      'email:riverside.walks@gmail.com',
    );
  });

  it('compares only records of different sources that share a key, and sets aside keys that are too common', () => {
    const records = [
      record({ id: 'a', source: 'council' }),
      record({ id: 'b', source: 'council', name: 'Chair Yoga', postcode: 'M4 6AA' }),
      record({ id: 'c', source: 'feed' }),
      record({
        id: 'd',
        source: 'feed',
        name: 'Bowls',
        postcode: 'SK1 9ZX',
        phone: null,
        email: null,
        website: null,
      }),
    ].map(prepareRecord);
    const blocking = candidatePairs(records);
    expect(blocking.possible).to.equal(4);
    // a–c and b–c share keys; d shares none; a–b are one source.
    expect(blocking.pairs).to.deep.equal([
      [0, 2],
      [1, 2],
    ]);
    // With blocks of at most two records, the district, phone and host blocks (three records each) go.
    const small = candidatePairs(records, 2);
    expect(small.pairs).to.deep.equal([[0, 2]]);
    expect(small.skipped.map((s) => s.key)).to.include.members([
      'district:M4',
      'phone:+441614960123',
      'email:riverside.example.org',
    ]);
  });
});
