import { expect } from 'chai';
import {
  buildSchedules,
  previewSchedules,
  readDate,
  type ScheduleChoice,
} from '../../src/domain/schedule/builder.js';
import { descriptionHtml } from '../../src/domain/text.js';

const choice = (c: Partial<ScheduleChoice>): ScheduleChoice => ({
  pattern: 'weekly',
  days: [],
  day: '',
  firstDate: '',
  weekOfMonth: '',
  dates: '',
  startDate: '',
  endDate: '',
  opensAt: '10:00',
  closesAt: '12:00',
  ...c,
});
const NOW = new Date('2026-01-01T09:00:00Z');

describe('schedule builder (plain-language choices → HSDS schedules)', () => {
  it('every week on two days', () => {
    const { schedules, problems } = buildSchedules(choice({ days: ['TU', 'TH'] }));
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
    const wrong = buildSchedules(choice({ pattern: 'fortnightly', day: 'TU', firstDate: '2026-01-07' }));
    expect(wrong.problems).to.deep.equal([
      { field: 'firstDate', message: '2026-01-07 is a Wednesday: choose a date that is a Tuesday' },
    ]);
    const { schedules } = buildSchedules(
      choice({ pattern: 'fortnightly', day: 'TU', firstDate: '6/1/2026' }),
    );
    expect(previewSchedules(schedules, NOW, 3).nextDates.map((d) => d.date)).to.deep.equal([
      '2026-01-06',
      '2026-01-20',
      '2026-02-03',
    ]);
  });

  it('the last Friday of the month, ending on a date', () => {
    const { schedules, problems } = buildSchedules(
      choice({ pattern: 'monthly', day: 'FR', weekOfMonth: '-1', endDate: '2026-03-31' }),
    );
    expect(problems).to.deep.equal([]);
    const preview = previewSchedules(schedules, NOW, 6);
    expect(preview.wording[0]).to.match(/last Friday/i);
    expect(preview.nextDates.map((d) => d.date)).to.deep.equal(['2026-01-30', '2026-02-27', '2026-03-27']);
  });

  it('particular dates, in either written form, sorted and de-duplicated', () => {
    const { schedules } = buildSchedules(
      choice({ pattern: 'dates', dates: '5/3/2026\n2026-02-01, 2026-03-05' }),
    );
    expect(schedules.map((s) => [s.freq, s.dtstart])).to.deep.equal([
      [null, '2026-02-01'],
      [null, '2026-03-05'],
    ]);
  });

  it('names the field of every problem', () => {
    const { problems } = buildSchedules(
      choice({ pattern: 'dates', dates: '31/2/2026, soon', opensAt: '25:00', closesAt: '', startDate: 'x' }),
    );
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
