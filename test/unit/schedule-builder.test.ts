import { expect } from 'chai';
import {
  buildSchedules,
  dateTyped,
  previewSchedules,
  readDate,
  type ScheduleChoice,
} from '../../src/domain/schedule/builder.js';
import { descriptionHtml } from '../../src/domain/text.js';

const date = (iso: string) => dateTyped(iso);
const choice = (c: Partial<ScheduleChoice>): ScheduleChoice => ({
  pattern: 'weekly',
  days: [],
  day: '',
  firstDate: date(''),
  weekOfMonth: '',
  monthDay: '',
  dates: '',
  extraDates: '',
  startDate: date(''),
  endDate: date(''),
  opensAt: '10:00',
  closesAt: '12:00',
  ...c,
});
const NOW = new Date('2026-01-01T09:00:00Z');
const build = (c: Partial<ScheduleChoice>) => buildSchedules(choice(c), NOW);
const next = (c: Partial<ScheduleChoice>, count = 6) => {
  const built = build(c);
  expect(built.problems).to.deep.equal([]);
  return previewSchedules(built.schedules, NOW, count).nextDates.map((d) => d.date);
};

describe('schedule builder (plain-language choices → HSDS schedules)', () => {
  it('every week on two days', () => {
    const { schedules, problems } = build({ days: ['TU', 'TH'] });
    expect(problems).to.deep.equal([]);
    expect(schedules).to.deep.equal([
      {
        opens_at: '10:00',
        closes_at: '12:00',
        until: null,
        freq: 'WEEKLY',
        interval: 1,
        byday: 'TU,TH',
        dtstart: null,
      },
    ]);
    const preview = previewSchedules(schedules, NOW, 3);
    expect(preview.wording[0]).to.match(/Tuesday and Thursday/);
    expect(preview.nextDates.map((d) => d.date)).to.deep.equal(['2026-01-01', '2026-01-06', '2026-01-08']);
  });

  it('every other week from a given date, which must fall on the chosen day', () => {
    const wrong = build({ pattern: 'fortnightly', day: 'TU', firstDate: date('2026-01-07') });
    expect(wrong.problems).to.deep.equal([
      {
        field: 'firstDate',
        message: 'Wednesday 7 January 2026 is a Wednesday: enter a date that is a Tuesday, or change the day',
      },
    ]);
    expect(next({ pattern: 'fortnightly', day: 'TU', firstDate: date('6/1/2026') }, 3)).to.deep.equal([
      '2026-01-06',
      '2026-01-20',
      '2026-02-03',
    ]);
  });

  it('every other week: the first date bounds the sessions and the date of one session keeps the weeks', () => {
    const fortnight = { pattern: 'fortnightly', day: 'TU', firstDate: date('2026-01-06') };
    // From a first date three weeks on, the next session in step is 2026-02-03, not 2026-01-27.
    expect(next({ ...fortnight, startDate: date('2026-01-21') }, 2)).to.deep.equal([
      '2026-02-03',
      '2026-02-17',
    ]);
    // A first date before the session named starts in step before it.
    expect(next({ ...fortnight, startDate: date('2025-12-20') }, 2)).to.deep.equal([
      '2026-01-06',
      '2026-01-20',
    ]);
    const tooEarly = build({ ...fortnight, startDate: date('2026-01-21'), endDate: date('2026-01-30') });
    expect(tooEarly.problems.map((p) => p.field)).to.deep.equal(['endDate']);
    expect(tooEarly.problems[0].message).to.contain('Tuesday 3 February 2026');
  });

  it('extra dates beside a pattern are kept as sessions of their own and named in the preview', () => {
    const built = build({
      pattern: 'fortnightly',
      day: 'TU',
      firstDate: date('2026-01-06'),
      extraDates: '18/12/2026',
    });
    expect(built.problems).to.deep.equal([]);
    expect(built.schedules.map((s) => [s.freq, s.dtstart])).to.deep.equal([
      ['WEEKLY', '2026-01-06'],
      [null, '2026-12-18'],
    ]);
    expect(previewSchedules(built.schedules, NOW).wording[1]).to.equal(
      'Also on Friday 18 December 2026, 10:00–12:00',
    );
    expect(next({ days: ['TU'], extraDates: '2026-01-03' }, 2)).to.deep.equal(['2026-01-03', '2026-01-06']);
  });

  it('refuses, by field, an extra date outside the first and last dates or on a session of the pattern', () => {
    const weekly = { days: ['TU'], startDate: date('2026-01-06'), endDate: date('2026-03-31') };
    expect(build({ ...weekly, extraDates: '2026-01-02' }).problems[0]).to.deep.equal({
      field: 'extraDates',
      message:
        'Friday 2 January 2026 is before the first date, Tuesday 6 January 2026: change the first date, or take it out of the extra dates',
    });
    expect(build({ ...weekly, extraDates: '2026-04-02' }).problems[0].message).to.contain(
      'after the last date',
    );
    expect(build({ ...weekly, extraDates: '2026-01-13' }).problems[0]).to.deep.equal({
      field: 'extraDates',
      message: 'Tuesday 13 January 2026 is already a session of the pattern: take it out of the extra dates',
    });
    expect(build({ ...weekly, extraDates: 'Christmas' }).problems[0].field).to.equal('extraDates');
  });

  it('the first and last dates bound particular dates too', () => {
    const bounded = build({ pattern: 'dates', dates: '2026-02-01\n2026-05-01', endDate: date('2026-03-01') });
    expect(bounded.problems.map((p) => p.field)).to.deep.equal(['dates']);
    expect(next({ pattern: 'dates', dates: '2026-02-01', startDate: date('2026-01-15') })).to.deep.equal([
      '2026-02-01',
    ]);
  });

  it('the last Friday of the month, ending on a date', () => {
    const { schedules, problems } = build({
      pattern: 'monthly',
      monthDay: 'FR',
      weekOfMonth: '-1',
      endDate: date('2026-03-31'),
    });
    expect(problems).to.deep.equal([]);
    const preview = previewSchedules(schedules, NOW, 6);
    expect(preview.wording[0]).to.match(/last Friday/i);
    expect(preview.nextDates.map((d) => d.date)).to.deep.equal(['2026-01-30', '2026-02-27', '2026-03-27']);
  });

  it('particular dates, in any written form, sorted and de-duplicated', () => {
    const { schedules } = build({
      pattern: 'dates',
      dates: '5/3/2026\n2026-02-01, 2026-03-05\n6 March 2026',
    });
    expect(schedules.map((s) => [s.freq, s.dtstart])).to.deep.equal([
      [null, '2026-02-01'],
      [null, '2026-03-05'],
      [null, '2026-03-06'],
    ]);
  });

  it('reads times as typed on a phone’s number pad', () => {
    const { schedules } = build({ days: ['MO'], opensAt: '930', closesAt: '14.30' });
    expect([schedules[0].opens_at, schedules[0].closes_at]).to.deep.equal(['09:30', '14:30']);
  });

  it('refuses a schedule with no session from today on, naming the field', () => {
    expect(build({ days: ['MO'], endDate: date('2025-12-01') }).problems).to.deep.equal([
      {
        field: 'endDate',
        message: 'Last date is in the past, so no sessions would be listed: change it, or leave it empty',
      },
    ]);
    expect(build({ pattern: 'dates', dates: '2025-03-01' }).problems[0].field).to.equal('dates');
    expect(build({ days: ['MO'], startDate: date('2029-01-01') }).problems[0].field).to.equal('startDate');
  });

  it('reads a date input’s boxes with the design system’s messages', () => {
    const problems = (d: Partial<{ day: string; month: string; year: string }>) =>
      build({ days: ['MO'], startDate: { day: '', month: '', year: '', ...d } }).problems.map(
        (p) => p.message,
      );
    expect(problems({ day: '6', year: '2026' })).to.deep.equal(['First date must include a month']);
    expect(problems({ day: '6' })).to.deep.equal(['First date must include a month and year']);
    expect(problems({ day: '31', month: '2', year: '2026' })).to.deep.equal([
      'First date must be a real date, like 6 1 2026',
    ]);
    expect(problems({ day: '6', month: '1', year: '26' })).to.deep.equal([
      'First date year must include 4 numbers, like 2026',
    ]);
  });

  it('opens dates stored as YYYY-MM-DD in the boxes', () => {
    expect(dateTyped('2026-01-06')).to.deep.equal({ day: '6', month: '1', year: '2026' });
    expect(dateTyped('')).to.deep.equal({ day: '', month: '', year: '' });
    expect(dateTyped({ day: ' 6', month: '1', year: '2026', other: 'x' })).to.deep.equal({
      day: '6',
      month: '1',
      year: '2026',
    });
  });

  it('names the field of every problem', () => {
    const { problems } = build({
      pattern: 'dates',
      dates: '31/2/2026, soon',
      opensAt: '25:00',
      closesAt: '',
      startDate: { day: 'x', month: '1', year: '2026' },
    });
    expect(problems.map((p) => p.field)).to.deep.equal(['opensAt', 'closesAt', 'startDate', 'dates']);
    expect(problems[3].message).to.contain('31/2/2026, soon');
    expect(readDate('2026-02-30')).to.equal(null);
  });
});

describe('description simple formatting', () => {
  it('turns "- " lines into an escaped list and keeps paragraphs', () => {
    expect(descriptionHtml('Hello "all"\n- tea\n- cake & fun > 3\n\nBye')).to.equal(
      '<p>Hello &quot;all&quot;</p>\n<ul><li>tea</li><li>cake &amp; fun &gt; 3</li></ul>\n<p>Bye</p>',
    );
  });
});
