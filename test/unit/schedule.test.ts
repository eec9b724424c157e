import { expect } from 'chai';
import { DateTime } from 'luxon';
import rrulePackage from 'rrule';
import type { Weekday as RRuleWeekday } from 'rrule';
import {
  describeSchedule,
  describeTimes,
  expandSchedule,
  nextOccurrences,
  parseByday,
  parseBymonthday,
  validateRule,
  type Occurrence,
  type ScheduleRule,
} from '../../src/domain/schedule/index.js';

// rrule ships as CommonJS, so its classes come through the default export under Node's ESM loader.
const { RRule } = rrulePackage;

const ZONE = 'Europe/London';

function rule(overrides: Partial<ScheduleRule>): ScheduleRule {
  return {
    freq: 'WEEKLY',
    interval: 1,
    byday: [],
    bymonthday: [],
    dtstart: null,
    until: null,
    count: null,
    validFrom: null,
    validTo: null,
    opensAt: null,
    closesAt: null,
    ...overrides,
  };
}

/** A local wall-clock time in London as an instant. */
function london(local: string): Date {
  const dt = DateTime.fromISO(local, { zone: ZONE });
  if (!dt.isValid) throw new Error(`bad test time ${local}`);
  return dt.toJSDate();
}

function dates(occurrences: Occurrence[]): string[] {
  return occurrences.map((o) => o.date);
}

function errorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to throw');
}

// ---------------------------------------------------------------------------------------------------------
// Reference expansion with rrule, in UTC "floating" dates so that only calendar dates are compared

const RRULE_DAYS: Record<string, RRuleWeekday> = {
  MO: RRule.MO,
  TU: RRule.TU,
  WE: RRule.WE,
  TH: RRule.TH,
  FR: RRule.FR,
  SA: RRule.SA,
  SU: RRule.SU,
};

function toRRule(r: ScheduleRule): InstanceType<typeof RRule> {
  if (r.dtstart === null) throw new Error('reference rules need a dtstart');
  const byweekday = r.byday.map((token) => {
    const match = /^(-?\d)?([A-Z]{2})$/.exec(token);
    if (!match) throw new Error(`bad test token ${token}`);
    const weekday = RRULE_DAYS[match[2]];
    return match[1] ? weekday.nth(Number(match[1])) : weekday;
  });
  return new RRule({
    freq: r.freq === 'WEEKLY' ? RRule.WEEKLY : RRule.MONTHLY,
    interval: r.interval,
    wkst: RRule.MO,
    dtstart: new Date(`${r.dtstart}T00:00:00Z`),
    until: r.until === null ? null : new Date(`${r.until}T23:59:59Z`),
    count: r.count,
    byweekday: byweekday.length > 0 ? byweekday : null,
    bymonthday: r.bymonthday.length > 0 ? r.bymonthday : null,
  });
}

const WINDOW_START = '2026-11-01';
const WINDOW_END = '2027-11-01';

function referenceDates(r: ScheduleRule): string[] {
  return toRRule(r)
    .between(new Date(`${WINDOW_START}T00:00:00Z`), new Date(`${WINDOW_END}T00:00:00Z`), true)
    .filter((d) => d.getTime() < Date.parse(`${WINDOW_END}T00:00:00Z`))
    .map((d) => d.toISOString().slice(0, 10));
}

function ourDates(r: ScheduleRule): string[] {
  return dates(expandSchedule(r, london(`${WINDOW_START}T00:00`), london(`${WINDOW_END}T00:00`)));
}

/** Deterministic pseudo-random numbers (mulberry32) so the generated rules are the same on every run. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('schedule', () => {
  describe('expandSchedule compared with rrule', () => {
    const T = { opensAt: '10:00', closesAt: '12:00' };
    const table: [string, Partial<ScheduleRule>][] = [
      ['weekly Tuesday', { byday: ['TU'], dtstart: '2026-09-01', ...T }],
      ['weekly Tuesday and Thursday', { byday: ['TU', 'TH'], dtstart: '2026-09-01', ...T }],
      ['weekly Monday, Wednesday and Friday', { byday: ['MO', 'WE', 'FR'], dtstart: '2026-09-01' }],
      ['weekly days given out of order', { byday: ['FR', 'MO'], dtstart: '2026-09-01', ...T }],
      ['weekly with no byday takes the weekday of dtstart', { dtstart: '2026-09-03', ...T }],
      ['weekly every day', { byday: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], dtstart: '2026-10-01' }],
      ['every other Tuesday', { interval: 2, byday: ['TU'], dtstart: '2026-09-01', ...T }],
      ['every other Tuesday from a Thursday', { interval: 2, byday: ['TU'], dtstart: '2026-09-03', ...T }],
      ['every 3 weeks Monday and Friday', { interval: 3, byday: ['MO', 'FR'], dtstart: '2026-10-07', ...T }],
      ['every 3 weeks, anchored years before', { interval: 3, byday: ['SU'], dtstart: '2024-01-07', ...T }],
      ['weekly until a Tuesday (inclusive)', { byday: ['TU'], dtstart: '2026-09-01', until: '2027-03-30' }],
      ['weekly count partly before window', { byday: ['TH'], dtstart: '2026-10-01', count: 10, ...T }],
      ['every other weekend count', { interval: 2, byday: ['SA', 'SU'], dtstart: '2026-11-14', count: 12 }],
      ['weekly starting inside window', { byday: ['WE'], dtstart: '2027-02-10', ...T }],
      ['monthly first Saturday', { freq: 'MONTHLY', byday: ['1SA'], dtstart: '2026-09-01', ...T }],
      ['monthly last Friday', { freq: 'MONTHLY', byday: ['-1FR'], dtstart: '2026-09-01', ...T }],
      [
        'monthly second and fourth Tuesday',
        { freq: 'MONTHLY', byday: ['2TU', '4TU'], dtstart: '2026-09-01' },
      ],
      ['monthly third Wednesday', { freq: 'MONTHLY', byday: ['3WE'], dtstart: '2026-09-01', ...T }],
      ['monthly fifth Monday (some months)', { freq: 'MONTHLY', byday: ['5MO'], dtstart: '2026-09-01' }],
      ['monthly second to last Thursday', { freq: 'MONTHLY', byday: ['-2TH'], dtstart: '2026-09-01' }],
      ['monthly every Tuesday', { freq: 'MONTHLY', byday: ['TU'], dtstart: '2026-09-01', ...T }],
      ['monthly 1st', { freq: 'MONTHLY', bymonthday: [1], dtstart: '2026-09-01', ...T }],
      ['monthly 15th', { freq: 'MONTHLY', bymonthday: [15], dtstart: '2026-09-01', ...T }],
      ['monthly 31st skips short months', { freq: 'MONTHLY', bymonthday: [31], dtstart: '2026-09-01' }],
      ['monthly last day', { freq: 'MONTHLY', bymonthday: [-1], dtstart: '2026-09-01', ...T }],
      ['monthly 1st, 15th and last day', { freq: 'MONTHLY', bymonthday: [1, 15, -1], dtstart: '2026-09-01' }],
      ['monthly with neither takes the day of dtstart', { freq: 'MONTHLY', dtstart: '2026-08-31', ...T }],
      ['monthly Friday 13th', { freq: 'MONTHLY', byday: ['FR'], bymonthday: [13], dtstart: '2026-01-01' }],
      [
        'every other month first Saturday',
        { freq: 'MONTHLY', interval: 2, byday: ['1SA'], dtstart: '2026-10-03' },
      ],
      [
        'every other month from a later day',
        { freq: 'MONTHLY', interval: 2, byday: ['1SA'], dtstart: '2026-10-20' },
      ],
      [
        'every third month on the 10th',
        { freq: 'MONTHLY', interval: 3, bymonthday: [10], dtstart: '2026-12-01' },
      ],
      [
        'monthly first Saturday count',
        { freq: 'MONTHLY', byday: ['1SA'], dtstart: '2026-09-05', count: 6, ...T },
      ],
      [
        'every other month, last day, until',
        { freq: 'MONTHLY', interval: 2, bymonthday: [-1], dtstart: '2026-09-01', until: '2027-08-31' },
      ],
    ];

    for (const [name, overrides] of table) {
      it(name, () => {
        const r = rule(overrides);
        const expected = referenceDates(r);
        expect(ourDates(r)).to.deep.equal(expected);
      });
    }

    it('table covers at least 15 rules and each produces sessions in the window', () => {
      expect(table.length).to.be.at.least(15);
      for (const [, overrides] of table) expect(ourDates(rule(overrides))).to.not.be.empty;
    });

    it('agrees with rrule on 400 generated rules', () => {
      const random = seededRandom(20261101);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
      const ordinals = [1, 2, 3, 4, 5, -1, -2];
      for (let i = 0; i < 400; i++) {
        const dtstart = DateTime.fromISO('2025-06-01')
          .plus({ days: Math.floor(random() * 700) })
          .toISODate() as string;
        const freq = pick(['WEEKLY', 'MONTHLY'] as const);
        const overrides: Partial<ScheduleRule> = { freq, dtstart, interval: 1 + Math.floor(random() * 4) };
        const shape = random();
        if (freq === 'WEEKLY') {
          if (shape > 0.15)
            overrides.byday = [...new Set([pick(days), pick(days), pick(days)].slice(0, 1 + (i % 3)))];
        } else if (shape < 0.35) {
          overrides.byday = [
            ...new Set([`${pick(ordinals)}${pick(days)}`, `${pick(ordinals)}${pick(days)}`]),
          ];
        } else if (shape < 0.45) {
          overrides.byday = [pick(days)];
        } else if (shape < 0.85) {
          overrides.bymonthday = [...new Set([pick([1, 2, 15, 28, 29, 30, 31, -1, -2, -15])])];
        }
        const ending = random();
        if (ending < 0.2) overrides.count = 1 + Math.floor(random() * 30);
        else if (ending < 0.4) {
          overrides.until = DateTime.fromISO(dtstart)
            .plus({ days: Math.floor(random() * 600) })
            .toISODate();
        }
        const r = rule(overrides);
        expect(ourDates(r), JSON.stringify(r)).to.deep.equal(referenceDates(r));
      }
    });

    it('anchors intervals at validFrom when there is no dtstart', () => {
      const r = rule({ interval: 2, byday: ['WE'], validFrom: '2026-11-02', opensAt: '10:00' });
      const reference = referenceDates(rule({ interval: 2, byday: ['WE'], dtstart: '2026-11-02' }));
      expect(ourDates(r)).to.deep.equal(reference);
    });

    it('anchors intervals at Monday 2024-01-01 when there is neither dtstart nor validFrom', () => {
      const r = rule({ interval: 3, byday: ['TU'], opensAt: '10:00' });
      const reference = referenceDates(rule({ interval: 3, byday: ['TU'], dtstart: '2024-01-01' }));
      expect(ourDates(r)).to.deep.equal(reference);
    });
  });

  describe('expandSchedule limits, cancellations and one-off sessions', () => {
    const from = london('2026-01-01T00:00');
    const to = london('2028-01-01T00:00');
    const cases: { name: string; rule: Partial<ScheduleRule>; expected: string[] }[] = [
      {
        name: 'clips to validFrom and validTo (inclusive)',
        rule: { byday: ['MO'], dtstart: '2026-01-05', validFrom: '2026-09-07', validTo: '2026-10-05' },
        expected: ['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28', '2026-10-05'],
      },
      {
        name: 'validFrom does not move the interval anchor away from dtstart',
        rule: {
          interval: 2,
          byday: ['MO'],
          dtstart: '2026-08-31',
          validFrom: '2026-09-07',
          validTo: '2026-10-05',
        },
        expected: ['2026-09-14', '2026-09-28'],
      },
      {
        name: 'skips cancelled dates (half term)',
        rule: {
          byday: ['MO'],
          validFrom: '2026-10-12',
          validTo: '2026-11-09',
          cancelledDates: ['2026-10-26', '2026-11-02'],
        },
        expected: ['2026-10-12', '2026-10-19', '2026-11-09'],
      },
      {
        name: 'count is not reduced by cancellations',
        rule: { byday: ['TU'], dtstart: '2026-11-03', count: 4, cancelledDates: ['2026-11-10'] },
        expected: ['2026-11-03', '2026-11-17', '2026-11-24'],
      },
      {
        name: 'count is taken from dtstart even when validFrom is later',
        rule: { byday: ['TU'], dtstart: '2026-11-03', count: 6, validFrom: '2026-11-20' },
        expected: ['2026-11-24', '2026-12-01', '2026-12-08'],
      },
      {
        name: 'until and validTo: the earlier wins',
        rule: { byday: ['TU'], dtstart: '2026-11-03', until: '2026-11-17', validTo: '2026-12-31' },
        expected: ['2026-11-03', '2026-11-10', '2026-11-17'],
      },
      {
        name: 'nothing before dtstart even when it is not on a rule day',
        rule: { byday: ['TU'], dtstart: '2026-11-04', until: '2026-11-18' },
        expected: ['2026-11-10', '2026-11-17'],
      },
      {
        name: 'until before dtstart gives nothing',
        rule: { byday: ['TU'], dtstart: '2026-11-04', until: '2026-11-01' },
        expected: [],
      },
      {
        name: 'validTo before validFrom gives nothing',
        rule: { byday: ['TU'], validFrom: '2026-11-04', validTo: '2026-11-01' },
        expected: [],
      },
      {
        name: 'one-off on dtstart',
        rule: { freq: null, dtstart: '2026-12-12', opensAt: '10:00', closesAt: '12:00' },
        expected: ['2026-12-12'],
      },
      {
        name: 'one-off ignores byday, until and count',
        rule: { freq: null, dtstart: '2026-12-12', byday: ['MO'], until: '2026-01-01', count: 5 },
        expected: ['2026-12-12'],
      },
      {
        name: 'one-off cancelled',
        rule: { freq: null, dtstart: '2026-12-12', cancelledDates: ['2026-12-12'] },
        expected: [],
      },
      {
        name: 'one-off outside validFrom/validTo',
        rule: { freq: null, dtstart: '2026-12-12', validFrom: '2027-01-01', validTo: '2027-12-31' },
        expected: [],
      },
      { name: 'one-off without a date', rule: { freq: null }, expected: [] },
      { name: 'weekly without days or dtstart', rule: { byday: [] }, expected: [] },
      { name: 'monthly without days or dtstart', rule: { freq: 'MONTHLY' }, expected: [] },
    ];

    for (const c of cases) {
      it(c.name, () => {
        expect(dates(expandSchedule(rule(c.rule), from, to))).to.deep.equal(c.expected);
      });
    }

    it('gives one-off start and end instants from local times', () => {
      const [only] = expandSchedule(
        rule({ freq: null, dtstart: '2026-07-11', opensAt: '10:00:00', closesAt: '12:30:00' }),
        from,
        to,
      );
      expect(only).to.deep.equal({
        date: '2026-07-11',
        start: new Date('2026-07-11T09:00:00Z'),
        end: new Date('2026-07-11T11:30:00Z'),
        opensAt: '10:00',
        closesAt: '12:30',
      });
    });

    it('starts at local midnight with no end when no times are given', () => {
      const [only] = expandSchedule(rule({ freq: null, dtstart: '2026-07-11' }), from, to);
      expect(only.start.toISOString()).to.equal('2026-07-10T23:00:00.000Z');
      expect(only.end).to.equal(null);
      expect(only.opensAt).to.equal(null);
    });

    it('ends the next day when closing time is before opening time', () => {
      const [only] = expandSchedule(
        rule({ freq: null, dtstart: '2026-12-12', opensAt: '22:00', closesAt: '02:00' }),
        from,
        to,
      );
      expect(only.end?.toISOString()).to.equal('2026-12-13T02:00:00.000Z');
    });

    it('keeps sessions with start >= from and < to, and honours the limit', () => {
      const r = rule({ byday: ['TU'], dtstart: '2026-11-03', opensAt: '10:00' });
      expect(dates(expandSchedule(r, london('2026-11-03T10:00'), london('2026-11-17T10:00')))).to.deep.equal([
        '2026-11-03',
        '2026-11-10',
      ]);
      expect(dates(expandSchedule(r, london('2026-11-03T10:01'), london('2026-11-17T10:01')))).to.deep.equal([
        '2026-11-10',
        '2026-11-17',
      ]);
      expect(expandSchedule(r, from, to, 3)).to.have.length(3);
      expect(expandSchedule(r, from, to, 0)).to.deep.equal([]);
      expect(expandSchedule(r, to, from)).to.deep.equal([]);
      const daily = rule({ byday: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] });
      expect(expandSchedule(daily, from, london('2030-01-01T00:00'))).to.have.length(1000);
    });

    it('returns sessions in time order', () => {
      const occurrences = expandSchedule(rule({ byday: ['SU', 'WE', 'MO'], opensAt: '18:00' }), from, to);
      for (let i = 1; i < occurrences.length; i++) {
        expect(occurrences[i].start.getTime()).to.be.greaterThan(occurrences[i - 1].start.getTime());
      }
    });

    it('throws on rules it cannot read, naming the problem', () => {
      expect(() => expandSchedule(rule({ byday: ['XX'] }), from, to)).to.throw(/Unrecognised day "XX"/);
      expect(() => expandSchedule(rule({ byday: ['TU'], dtstart: '2026-02-30' }), from, to)).to.throw(
        /not a valid date/,
      );
      expect(() => expandSchedule(rule({ byday: ['TU'], interval: 0 }), from, to)).to.throw(/Interval/);
      expect(() => expandSchedule(rule({ byday: ['TU'] }), new Date(Number.NaN), to)).to.throw(
        /valid from and to/,
      );
    });
  });

  describe('clock changes', () => {
    const r = rule({ byday: ['SU'], dtstart: '2026-01-04', opensAt: '10:00', closesAt: '11:30' });
    const cases = [
      {
        name: 'October: BST to GMT on 2026-10-25',
        from: '2026-10-11T00:00',
        to: '2026-11-02T00:00',
        dates: ['2026-10-11', '2026-10-18', '2026-10-25', '2026-11-01'],
        utcHours: [9, 9, 10, 10],
      },
      {
        name: 'March: GMT to BST on 2027-03-28',
        from: '2027-03-14T00:00',
        to: '2027-04-05T00:00',
        dates: ['2027-03-14', '2027-03-21', '2027-03-28', '2027-04-04'],
        utcHours: [10, 10, 9, 9],
      },
    ];
    for (const c of cases) {
      it(`keeps 10:00 local across the ${c.name}`, () => {
        const occurrences = expandSchedule(r, london(c.from), london(c.to));
        expect(dates(occurrences)).to.deep.equal(c.dates);
        expect(occurrences.map((o) => DateTime.fromJSDate(o.start, { zone: ZONE }).hour)).to.deep.equal(
          c.dates.map(() => 10),
        );
        expect(
          occurrences.map((o) => DateTime.fromJSDate(o.end as Date, { zone: ZONE }).toFormat('HH:mm')),
        ).to.deep.equal(c.dates.map(() => '11:30'));
        expect(occurrences.map((o) => o.start.getUTCHours())).to.deep.equal(c.utcHours);
      });
    }

    it('moves a time in the spring-forward gap forward by the hour', () => {
      const [only] = expandSchedule(
        rule({ freq: null, dtstart: '2027-03-28', opensAt: '01:30' }),
        london('2027-03-27T00:00'),
        london('2027-03-29T00:00'),
      );
      expect(only.start.toISOString()).to.equal('2027-03-28T01:30:00.000Z');
    });

    it('uses the rule time zone when one is given', () => {
      const occurrences = expandSchedule(
        rule({ byday: ['SU'], dtstart: '2026-10-25', opensAt: '10:00', timezone: 'America/New_York' }),
        new Date('2026-10-25T00:00:00Z'),
        new Date('2026-11-09T00:00:00Z'),
      );
      expect(dates(occurrences)).to.deep.equal(['2026-10-25', '2026-11-01', '2026-11-08']);
      expect(occurrences.map((o) => o.start.getUTCHours())).to.deep.equal([14, 15, 15]);
    });
  });

  describe('nextOccurrences', () => {
    const weekly = rule({ byday: ['TU'], dtstart: '2026-09-01', opensAt: '10:00', closesAt: '12:00' });
    const cases: { name: string; rule: ScheduleRule; after: string; count: number; expected: string[] }[] = [
      {
        name: 'a session that started at 10:00 today is not returned at 10:30',
        rule: weekly,
        after: '2026-11-03T10:30',
        count: 2,
        expected: ['2026-11-10', '2026-11-17'],
      },
      {
        name: 'a session starting exactly now is returned',
        rule: weekly,
        after: '2026-11-03T10:00',
        count: 2,
        expected: ['2026-11-03', '2026-11-10'],
      },
      {
        name: 'a session later today is returned',
        rule: weekly,
        after: '2026-11-03T08:00',
        count: 1,
        expected: ['2026-11-03'],
      },
      { name: 'count 0 gives nothing', rule: weekly, after: '2026-11-03T08:00', count: 0, expected: [] },
      {
        name: 'stops at until, returning fewer than asked',
        rule: { ...weekly, until: '2026-11-17' },
        after: '2026-11-03T08:00',
        count: 5,
        expected: ['2026-11-03', '2026-11-10', '2026-11-17'],
      },
      {
        name: 'finds sparse sessions up to about two years ahead (March 31st every 6 months skips September)',
        rule: rule({
          freq: 'MONTHLY',
          interval: 6,
          bymonthday: [31],
          dtstart: '2026-03-31',
          opensAt: '10:00',
        }),
        after: '2026-11-03T08:00',
        count: 3,
        expected: ['2027-03-31', '2028-03-31'],
      },
      {
        name: 'skips a cancelled next session',
        rule: { ...weekly, cancelledDates: ['2026-11-10'] },
        after: '2026-11-03T10:30',
        count: 2,
        expected: ['2026-11-17', '2026-11-24'],
      },
      {
        name: 'a one-off in the past is not returned',
        rule: rule({ freq: null, dtstart: '2026-10-01', opensAt: '10:00' }),
        after: '2026-11-03T08:00',
        count: 1,
        expected: [],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(dates(nextOccurrences(c.rule, london(c.after), c.count))).to.deep.equal(c.expected);
      });
    }
  });

  describe('describeSchedule', () => {
    const T = { opensAt: '10:00', closesAt: '12:00' };
    const M = { freq: 'MONTHLY' as const };
    const cases: [Partial<ScheduleRule>, string][] = [
      [{ byday: ['TU'], ...T }, 'Every Tuesday, 10:00–12:00'],
      [
        { byday: ['TU', 'TH'], opensAt: '14:00', closesAt: '16:00' },
        'Every Tuesday and Thursday, 14:00–16:00',
      ],
      [
        { byday: ['MO', 'WE', 'FR'], opensAt: '09:30', closesAt: '10:30' },
        'Every Monday, Wednesday and Friday, 09:30–10:30',
      ],
      [
        { byday: ['fr', 'MO', 'WE'], opensAt: '09:30:00', closesAt: '10:30:00' },
        'Every Monday, Wednesday and Friday, 09:30–10:30',
      ],
      [{ interval: 2, byday: ['TU'], ...T }, 'Every other Tuesday, 10:00–12:00'],
      [{ interval: 3, byday: ['MO'], ...T }, 'Every 3 weeks on Monday, 10:00–12:00'],
      [{ dtstart: '2026-09-03', ...T }, 'Every Thursday, 10:00–12:00'],
      [{ ...M, byday: ['1SA'], ...T }, 'First Saturday of the month, 10:00–12:00'],
      [{ ...M, byday: ['-1FR'], ...T }, 'Last Friday of the month, 10:00–12:00'],
      [{ ...M, byday: ['4TU', '2TU'], ...T }, 'Second and fourth Tuesday of the month, 10:00–12:00'],
      [{ ...M, byday: ['3WE'], ...T }, 'Third Wednesday of the month, 10:00–12:00'],
      [{ ...M, byday: ['-2TH'] }, 'Second to last Thursday of the month'],
      [{ ...M, byday: ['1MO', '3WE'] }, 'First Monday and third Wednesday of the month'],
      [{ ...M, bymonthday: [15], ...T }, 'On the 15th of every month, 10:00–12:00'],
      [{ ...M, bymonthday: [1] }, 'On the 1st of every month'],
      [{ ...M, bymonthday: [2] }, 'On the 2nd of every month'],
      [{ ...M, bymonthday: [3] }, 'On the 3rd of every month'],
      [{ ...M, bymonthday: [11] }, 'On the 11th of every month'],
      [{ ...M, bymonthday: [12] }, 'On the 12th of every month'],
      [{ ...M, bymonthday: [13] }, 'On the 13th of every month'],
      [{ ...M, bymonthday: [21] }, 'On the 21st of every month'],
      [{ ...M, bymonthday: [22] }, 'On the 22nd of every month'],
      [{ ...M, bymonthday: [23] }, 'On the 23rd of every month'],
      [{ ...M, bymonthday: [31] }, 'On the 31st of every month'],
      [{ ...M, bymonthday: [-1] }, 'On the last day of every month'],
      [{ ...M, bymonthday: [-1, 15, 1] }, 'On the 1st, 15th and last day of every month'],
      [{ ...M, dtstart: '2026-09-22' }, 'On the 22nd of every month'],
      [{ ...M, interval: 2, byday: ['1SA'], ...T }, 'First Saturday of every other month, 10:00–12:00'],
      [{ ...M, interval: 3, bymonthday: [10] }, 'On the 10th of every third month'],
      [{ ...M, byday: ['TU'] }, 'Every Tuesday'],
      [{ ...M, byday: ['FR'], bymonthday: [13] }, 'On the 13th of every month, when it is a Friday'],
      [{ freq: null, dtstart: '2026-12-12', ...T }, 'Saturday 12 December 2026, 10:00–12:00'],
      [{ freq: null, dtstart: '2026-12-12', validTo: '2027-01-01' }, 'Saturday 12 December 2026'],
      [
        { byday: ['TU'], validFrom: '2026-09-07', validTo: '2027-07-16', ...T },
        'Every Tuesday, 10:00–12:00, from 7 September 2026 to 16 July 2027',
      ],
      [{ byday: ['TU'], until: '2027-03-31', ...T }, 'Every Tuesday, 10:00–12:00, until 31 March 2027'],
      [{ byday: ['TU'], validFrom: '2026-09-07', ...T }, 'Every Tuesday, 10:00–12:00, from 7 September 2026'],
      [
        { byday: ['TU'], validFrom: '2026-09-07', until: '2027-03-31', validTo: '2027-07-16' },
        'Every Tuesday, from 7 September 2026 to 31 March 2027',
      ],
      [
        { byday: ['TU'], dtstart: '2026-09-08', count: 6, ...T },
        'Every Tuesday, 10:00–12:00, 6 sessions from 8 September 2026',
      ],
      [{ byday: ['TU'] }, 'Every Tuesday'],
      [{ byday: ['TU'], opensAt: '10:00' }, 'Every Tuesday, from 10:00'],
      [{ byday: ['MO', 'TU', 'WE', 'TH', 'FR'], ...T }, 'Every weekday, 10:00–12:00'],
      [{ byday: ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'], ...T }, 'Every day, 10:00–12:00'],
      [{ interval: 2, byday: ['MO', 'TU', 'WE', 'TH', 'FR'] }, 'Every other week, on weekdays'],
    ];
    for (const [overrides, expected] of cases) {
      it(expected, () => {
        expect(describeSchedule(rule(overrides))).to.equal(expected);
      });
    }

    it('throws on a rule it cannot read', () => {
      expect(() => describeSchedule(rule({ byday: ['XX'] }))).to.throw(/Unrecognised day "XX"/);
    });
  });

  describe('describeTimes', () => {
    const cases: [string | null, string | null, string][] = [
      ['10:00', '12:00', '10:00–12:00'],
      ['10:00:00', '12:30:00', '10:00–12:30'],
      ['9:30', '10:30', '09:30–10:30'],
      ['10:00', null, 'from 10:00'],
      [null, '12:00', 'until 12:00'],
      [null, null, ''],
      ['', '', ''],
    ];
    for (const [opens, closes, expected] of cases) {
      it(`${String(opens)} / ${String(closes)} -> '${expected}'`, () => {
        expect(describeTimes(opens, closes)).to.equal(expected);
      });
    }

    for (const bad of ['25:00', '10:60', 'ten', '10', '10:00:00Z']) {
      it(`rejects '${bad}'`, () => {
        expect(() => describeTimes(bad, null)).to.throw(/not a valid time/);
      });
    }
  });

  describe('parseByday', () => {
    const good: [string | null | undefined, string[]][] = [
      ['TU,TH', ['TU', 'TH']],
      ['TU, th', ['TU', 'TH']],
      [' mo ', ['MO']],
      ['1SA', ['1SA']],
      ['-1FR', ['-1FR']],
      ['+2tu,4TU', ['2TU', '4TU']],
      ['5MO,-5SU', ['5MO', '-5SU']],
      ['TU,TU,', ['TU']],
      ['', []],
      [null, []],
      [undefined, []],
    ];
    for (const [input, expected] of good) {
      it(`accepts ${JSON.stringify(input)}`, () => {
        expect(parseByday(input)).to.deep.equal(expected);
      });
    }

    const bad: [string, RegExp][] = [
      ['XX', /Unrecognised day "XX" in "XX": use MO, TU/],
      ['TU,XX', /Unrecognised day "XX" in "TU,XX"/],
      ['9MO', /Week of the month 9 in "9MO" is out of range/],
      ['-6SU', /Week of the month -6 in "-6SU" is out of range/],
      ['0MO', /out of range/],
      ['MON', /Unrecognised day "MON"/],
      ['Tuesday', /Unrecognised day "Tuesday"/],
      ['1', /Unrecognised day "1"/],
      ['-MO', /Unrecognised day "-MO"/],
      ['TU;TH', /Unrecognised day "TU;TH"/],
    ];
    for (const [input, message] of bad) {
      it(`rejects ${JSON.stringify(input)}`, () => {
        expect(errorMessage(() => parseByday(input))).to.match(message);
      });
    }
  });

  describe('parseBymonthday', () => {
    const good: [string | null | undefined, number[]][] = [
      ['1,15,-1', [1, 15, -1]],
      [' 31 , -31 ', [31, -31]],
      ['+2', [2]],
      ['1,1', [1]],
      ['', []],
      [null, []],
      [undefined, []],
    ];
    for (const [input, expected] of good) {
      it(`accepts ${JSON.stringify(input)}`, () => {
        expect(parseBymonthday(input)).to.deep.equal(expected);
      });
    }

    const bad: [string, RegExp][] = [
      ['abc', /Unrecognised day of the month "abc" in "abc"/],
      ['1,x', /Unrecognised day of the month "x" in "1,x"/],
      ['1.5', /Unrecognised day of the month "1.5"/],
      ['0', /Day of the month 0 in "0" is out of range/],
      ['32', /Day of the month 32 in "32" is out of range/],
      ['-32', /Day of the month -32 in "-32" is out of range/],
      ['last', /Unrecognised day of the month "last"/],
    ];
    for (const [input, message] of bad) {
      it(`rejects ${JSON.stringify(input)}`, () => {
        expect(errorMessage(() => parseBymonthday(input))).to.match(message);
      });
    }
  });

  describe('validateRule', () => {
    const ok: Partial<ScheduleRule>[] = [
      { byday: ['TU'], dtstart: '2026-09-01', opensAt: '10:00', closesAt: '12:00' },
      { freq: 'MONTHLY', byday: ['1SA', '-1FR'], validFrom: '2026-09-07', validTo: '2027-07-16' },
      { freq: 'MONTHLY', bymonthday: [1, -1], count: 12, dtstart: '2026-09-01' },
      { freq: null, dtstart: '2026-12-12', opensAt: '10:00:00', closesAt: '12:00:00' },
      // Closing before it opens: a session past midnight, ending the next day.
      { byday: ['FR'], opensAt: '22:00', closesAt: '01:00' },
      {
        dtstart: '2026-09-03',
        until: '2027-07-16',
        cancelledDates: ['2026-12-24'],
        timezone: 'Europe/Dublin',
      },
    ];
    for (const overrides of ok) {
      it(`finds no problem with ${describeSchedule(rule(overrides))}`, () => {
        expect(validateRule(rule(overrides))).to.deep.equal([]);
      });
    }

    const bad: [string, Partial<ScheduleRule>, RegExp][] = [
      ['closes when it opens', { byday: ['TU'], opensAt: '10:00', closesAt: '10:00' }, /not after it opens/],
      ['interval 0', { byday: ['TU'], interval: 0 }, /Interval must be a whole number of at least 1, not 0/],
      ['fractional interval', { byday: ['TU'], interval: 1.5 }, /Interval/],
      ['ordinal byday with WEEKLY', { byday: ['1SA'] }, /"1SA".*only works with a MONTHLY schedule/],
      ['bymonthday with WEEKLY', { byday: ['TU'], bymonthday: [1] }, /only work with a MONTHLY schedule/],
      ['junk byday', { byday: ['XX'] }, /Unrecognised day "XX"/],
      ['out of range ordinal', { freq: 'MONTHLY', byday: ['9MO'] }, /out of range/],
      ['bymonthday 0', { freq: 'MONTHLY', bymonthday: [0] }, /Day of the month 0 is out of range/],
      [
        'until before dtstart',
        { byday: ['TU'], dtstart: '2026-09-01', until: '2026-08-01' },
        /until\) 2026-08-01 is before the start date/,
      ],
      [
        'validTo before validFrom',
        { byday: ['TU'], validFrom: '2026-09-07', validTo: '2026-09-01' },
        /Valid to date 2026-09-01 is before the valid from date 2026-09-07/,
      ],
      ['impossible dtstart', { byday: ['TU'], dtstart: '2026-02-30' }, /"2026-02-30" is not a valid date/],
      ['British-style until', { byday: ['TU'], until: '31/03/2027' }, /"31\/03\/2027" is not a valid date/],
      ['short validFrom', { byday: ['TU'], validFrom: '2026-9-7' }, /Valid from date "2026-9-7"/],
      ['bad validTo', { byday: ['TU'], validTo: 'July' }, /Valid to date "July"/],
      ['bad cancelled date', { byday: ['TU'], cancelledDates: ['tomorrow'] }, /Cancelled date "tomorrow"/],
      ['one-off without dtstart', { freq: null, opensAt: '10:00' }, /one-off session needs a date/],
      ['weekly without days or dtstart', { byday: [] }, /weekly schedule needs days/],
      ['monthly without days or dtstart', { freq: 'MONTHLY' }, /monthly schedule needs days/],
      ['count 0', { byday: ['TU'], count: 0 }, /Count must be a whole number/],
      [
        'until and count',
        { byday: ['TU'], until: '2027-01-01', count: 5 },
        /either an end date.*or a number/,
      ],
      ['bad opening time', { byday: ['TU'], opensAt: '25:00' }, /Opening time "25:00" is not a valid time/],
      ['bad closing time', { byday: ['TU'], closesAt: 'noon' }, /Closing time "noon" is not a valid time/],
      ['unknown time zone', { byday: ['TU'], timezone: 'Mars/Olympus' }, /"Mars\/Olympus" is not a known/],
      [
        'unknown frequency',
        { freq: 'DAILY' as unknown as ScheduleRule['freq'], byday: ['TU'] },
        /Frequency "DAILY" is not supported/,
      ],
    ];
    for (const [name, overrides, message] of bad) {
      it(`finds ${name}`, () => {
        const problems = validateRule(rule(overrides));
        expect(
          problems.some((p) => message.test(p)),
          problems.join(' | '),
        ).to.equal(true);
      });
    }

    it('lists every problem, not just the first', () => {
      const problems = validateRule(
        rule({ byday: ['XX', '1SA'], interval: 0, opensAt: '12:00', closesAt: '12:00', validTo: 'soon' }),
      );
      expect(problems).to.have.length(5);
    });
  });
});
