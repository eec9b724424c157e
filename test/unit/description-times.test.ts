import { expect } from 'chai';
import {
  describedTimes,
  describedTimesId,
  describedTimesInNote,
  describedTimesNote,
  evidenceOf,
} from '../../src/domain/description-times.js';

/** "W TU 10:00-12:00" for a weekly proposal, "M 1MO,3MO 14:00-16:00" for a monthly one. */
const brief = (text: string) =>
  describedTimes(text).map((t) => `${t.freq[0]} ${t.byday.join(',')} ${t.opensAt}-${t.closesAt ?? ''}`);

describe('times read from a description', () => {
  const proposals: [string, string[]][] = [
    ['We meet every Tuesday 10am–12pm at the church hall.', ['W TU 10:00-12:00']],
    [
      'Sessions run on Wednesdays 1.30pm – 3.30pm and Fridays 1:30pm – 3:30pm.',
      ['W WE 13:30-15:30', 'W FR 13:30-15:30'],
    ],
    ['Open Monday to Friday, 9am to 5pm.', ['W MO,TU,WE,TH,FR 09:00-17:00']],
    [
      'Mon - Fri 10am - 1pm and Mon - Thurs 2pm - 4pm',
      ['W MO,TU,WE,TH,FR 10:00-13:00', 'W MO,TU,WE,TH 14:00-16:00'],
    ],
    ['Monday, Wednesday, Friday 10am-2pm', ['W MO,WE,FR 10:00-14:00']],
    ['Tuesday and Thursday 10am-5pm', ['W TU,TH 10:00-17:00']],
    ['Monday 7-9pm', ['W MO 19:00-21:00']],
    ['Tuesday afternoon from 2-3.30pm', ['W TU 14:00-15:30']],
    ['Choir practice is on Tuesday evening at 8.00pm.', ['W TU 20:00-']],
    ['Drop in 10:30-14:30 on weekdays.', ['W MO,TU,WE,TH,FR 10:30-14:30']],
    ['The café is open 10am–2pm every Saturday', ['W SA 10:00-14:00']],
    ['Monday – 9am – 5pm. Tuesday – 9am – 5pm', ['W MO 09:00-17:00', 'W TU 09:00-17:00']],
    ['We meet on the last Thursday of each month, 6.30-8.30pm.', ['M -1TH 18:30-20:30']],
    [
      'Meetings are held on the first and third Monday of the month from 2pm to 4pm',
      ['M 1MO,3MO 14:00-16:00'],
    ],
    ['Saturday, Sunday and bank holidays: 10am–1pm', ['W SA,SU 10:00-13:00']],
    // Lines of hours that put the days after the time: each time has the days of its own line.
    [
      'Open: 7am to 10pm, Monday to Friday. 8am to 6pm, Saturday and Sunday',
      ['W MO,TU,WE,TH,FR 07:00-22:00', 'W SA,SU 08:00-18:00'],
    ],
    // Days after a time that has days of its own, and a time after them, begin the next slot.
    [
      'Monday - Friday\n10am to 4pm, Saturday 10am to 1pm',
      ['W MO,TU,WE,TH,FR 10:00-16:00', 'W SA 10:00-13:00'],
    ],
    [
      'Tuesday 12pm – 2pm 1st Tuesday of every month, lunch. Thursday 9am - 3pm',
      ['M 1TU 12:00-14:00', 'W TH 09:00-15:00'],
    ],
    ['Friday 10am – 1pm First Saturday of the month 10am – 3pm', ['W FR 10:00-13:00', 'M 1SA 10:00-15:00']],
  ];
  for (const [text, expected] of proposals) {
    it(`proposes ${expected.join(' and ')} for "${text}"`, () => {
      expect(brief(text)).to.deep.equal(expected);
    });
  }

  const nothing: [string, string][] = [
    ['Call us on 0117 922 2000 anytime between 9 and 5.', 'no clear time and no day'],
    ['Open 9am to 5pm.', 'a time with no day'],
    ['Our next open day is on 12 March 2025 at 2pm, on a Wednesday.', 'a dated one-off'],
    ['We are closed on Mondays 9am-5pm for training.', 'a day it is closed'],
    ['A walk every other Tuesday 10am–12pm.', 'a fortnight with no week to count from'],
    ['We sat down together at 3pm and talked about the sun.', 'lower-case "sat" and "sun" are not days'],
    ['For children aged 5-11, Thursday', 'ages are not times'],
    ['Tuesday 9pm-7am night shelter', 'a time that ends before it starts'],
    ['Hot meals must be ordered by 3pm Tuesday for delivery.', 'a deadline'],
    ['Please book before 12pm Friday.', 'a deadline written with "before"'],
  ];
  for (const [text, why] of nothing) {
    it(`proposes nothing for ${why}`, () => {
      expect(brief(text)).to.deep.equal([]);
    });
  }

  it('keeps the words each proposal was read from', () => {
    const [times] = describedTimes('Friendly group. We meet every Tuesday 10am–12pm at the hall.');
    expect(times.evidence).to.equal('Tuesday 10am–12pm');
  });

  it('spells the words of a set of proposals the same way whatever order they come in', () => {
    const a = { id: describedTimesId('s', 0), from_description: 'Monday 7-9pm' };
    const b = { id: describedTimesId('s', 10), from_description: 'Friday 1-2pm' };
    const c = { id: describedTimesId('s', 2), from_description: 'Sunday 1-6pm' };
    expect(evidenceOf([b, a, c])).to.equal('Monday 7-9pm\nSunday 1-6pm\nFriday 1-2pm');
    expect(evidenceOf([c, b, a])).to.equal(evidenceOf([a, c, b]));
  });

  it('reads a published proposal note back as the same proposal, and leaves other notes alone', () => {
    for (const [notes, evidence] of [
      [null, 'Tuesdays 10am-12pm'],
      ['Bring water.', 'Mondays "Coffee" 7-9pm'],
    ] as const) {
      const note = describedTimesNote(notes, evidence);
      expect(note).to.match(/Times taken from the description, not yet confirmed: "/);
      expect(describedTimesInNote(note)).to.deep.equal({ notes, evidence });
    }
    expect(describedTimesInNote('Bring water.')).to.equal(null);
    expect(describedTimesInNote(null)).to.equal(null);
    expect(describedTimesInNote('Times taken from the description, not yet confirmed: "')).to.equal(null);
  });
});
