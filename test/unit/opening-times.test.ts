import { expect } from 'chai';
import {
  parseClockTime,
  parseDays,
  parseFrequency,
  parseOpeningTimes,
  parseTimeRanges,
  parseWeeklyHours,
} from '../../src/domain/opening-times.js';

describe('opening times', () => {
  describe('parseClockTime', () => {
    const cases: [string, string | null][] = [
      ['9:30am', '09:30'],
      ['12noon', '12:00'],
      ['noon', '12:00'],
      ['10.30am', '10:30'],
      ['2pm', '14:00'],
      ['12pm', '12:00'],
      ['12am', '00:00'],
      ['09:00', '09:00'],
      ['17:30', '17:30'],
      ['3', null],
      ['13pm', null],
      ['9:75', null],
      ['soon', null],
    ];
    for (const [text, expected] of cases) {
      it(`"${text}" → ${String(expected)}`, () => expect(parseClockTime(text)).to.equal(expected));
    }
  });

  describe('parseTimeRanges', () => {
    const cases: [string, [string, string][] | null][] = [
      ['09:00-17:00', [['09:00', '17:00']]],
      [
        '09:00-13:00,14:00-17:00',
        [
          ['09:00', '13:00'],
          ['14:00', '17:00'],
        ],
      ],
      ['9:30am - 12noon', [['09:30', '12:00']]],
      ['10am – 4pm', [['10:00', '16:00']]],
      ['1.30 - 3.30pm', [['13:30', '15:30']]],
      ['11 - 1pm', [['11:00', '13:00']]],
      [
        '10am to 2pm and 6pm to 8pm',
        [
          ['10:00', '14:00'],
          ['18:00', '20:00'],
        ],
      ],
      ['1 - 3', null],
      ['17:00-09:00', null],
      ['mornings', null],
      ['09:00-17:00, by appointment', null],
    ];
    for (const [text, expected] of cases) {
      it(`"${text}"`, () => {
        const ranges = parseTimeRanges(text);
        expect(ranges && ranges.map((r) => [r.opensAt, r.closesAt])).to.deep.equal(expected);
      });
    }
  });

  describe('parseDays', () => {
    const cases: [string, string[] | null][] = [
      ['Wednesday', ['WE']],
      ['Tuesdays', ['TU']],
      ['Tuesday - Friday', ['TU', 'WE', 'TH', 'FR']],
      ['Mon, Wed and Fri', ['MO', 'WE', 'FR']],
      ['Weekdays', ['MO', 'TU', 'WE', 'TH', 'FR']],
      ['Friday - Monday', null],
      ['usually Tuesdays', null],
    ];
    for (const [text, expected] of cases) {
      it(`"${text}"`, () => expect(parseDays(text)).to.deep.equal(expected));
    }
  });

  describe('parseOpeningTimes', () => {
    const parsed: [string, [string[], string, string][]][] = [
      ['Wednesday 9:30am - 12noon', [[['WE'], '09:30', '12:00']]],
      ['Tuesday - Friday 12noon - 2pm', [[['TU', 'WE', 'TH', 'FR'], '12:00', '14:00']]],
      ['Thursday 10.30am - 12.30pm', [[['TH'], '10:30', '12:30']]],
      ['Thursday 1.30 - 3.30pm', [[['TH'], '13:30', '15:30']]],
      [
        'Monday 10am-12pm; Thursday 1pm-3pm',
        [
          [['MO'], '10:00', '12:00'],
          [['TH'], '13:00', '15:00'],
        ],
      ],
      ['Saturdays: 10:00-13:00', [[['SA'], '10:00', '13:00']]],
    ];
    for (const [text, expected] of parsed) {
      it(`parses "${text}"`, () => {
        const result = parseOpeningTimes(text);
        expect(result.note).to.equal(null);
        expect(result.slots!.map((s) => [s.days, s.opensAt, s.closesAt])).to.deep.equal(expected);
      });
    }
    const ambiguous = [
      'usually Tuesdays',
      'by appointment',
      'term time',
      'Not known',
      'One morning per week',
      'Tuesday 10am-12pm term time only',
      'Contact for details',
      'Wednesday mornings',
    ];
    for (const text of ambiguous) {
      it(`keeps "${text}" as a note`, () => {
        expect(parseOpeningTimes(text)).to.deep.equal({ slots: null, note: text });
      });
    }
    it('has nothing to say about an empty cell', () => {
      expect(parseOpeningTimes('  ')).to.deep.equal({ slots: [], note: null });
    });
  });

  describe('parseWeeklyHours', () => {
    it('groups days with the same hours and splits split hours', () => {
      const { slots, unclear } = parseWeeklyHours({
        MO: '09:00-19:00',
        TU: '09:00-17:00',
        WE: '09:00-19:00',
        SA: '10:00-13:00,14:00-17:00',
        SU: 'by appointment',
      });
      expect(slots.map((s) => [s.days, s.opensAt, s.closesAt])).to.deep.equal([
        [['MO', 'WE'], '09:00', '19:00'],
        [['TU'], '09:00', '17:00'],
        [['SA'], '10:00', '13:00'],
        [['SA'], '14:00', '17:00'],
      ]);
      expect(unclear).to.deep.equal([{ day: 'SU', text: 'by appointment' }]);
    });
  });

  describe('parseFrequency', () => {
    const cases: [string, string[], object | RegExp][] = [
      ['', ['MO'], { freq: 'WEEKLY', interval: 1, byday: ['MO'] }],
      ['every week', ['TU', 'TH'], { freq: 'WEEKLY', interval: 1, byday: ['TU', 'TH'] }],
      ['every 2 weeks', ['WE'], { freq: 'WEEKLY', interval: 2, byday: ['WE'] }],
      ['Fortnightly', ['WE'], { freq: 'WEEKLY', interval: 2, byday: ['WE'] }],
      ['first Monday of the month', [], { freq: 'MONTHLY', interval: 1, byday: ['1MO'] }],
      [
        'first and third Tuesday of the month',
        ['TU'],
        { freq: 'MONTHLY', interval: 1, byday: ['1TU', '3TU'] },
      ],
      ['last Friday of each month', [], { freq: 'MONTHLY', interval: 1, byday: ['-1FR'] }],
      ['first of the month', ['SA'], { freq: 'MONTHLY', interval: 1, byday: ['1SA'] }],
      ['first of the month', [], /needs a day/],
      ['first Monday of the month', ['TU'], /different day/],
      ['now and then', ['MO'], /not a frequency/],
    ];
    for (const [text, days, expected] of cases) {
      it(`"${text}" with ${days.join(',') || 'no days'}`, () => {
        const result = parseFrequency(text, days as never);
        if (expected instanceof RegExp) expect(result).to.be.a('string').and.match(expected);
        else expect(result).to.deep.equal(expected);
      });
    }
  });
});
