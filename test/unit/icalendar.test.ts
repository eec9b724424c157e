import { expect } from 'chai';
import ICAL from 'ical.js';
import {
  activitiesCalendar,
  calendarFilename,
  escapeText,
  foldLine,
  type CalendarActivity,
} from '../../src/domain/icalendar.js';
import { expandSchedule, type ScheduleRule } from '../../src/domain/schedule/index.js';

const NOW = new Date('2026-09-01T09:00:00Z');
const WINDOW_FROM = new Date('2026-09-01T00:00:00Z');
const WINDOW_TO = new Date('2027-03-01T00:00:00Z');

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
    opensAt: '10:00',
    closesAt: '11:30',
    timezone: 'Europe/London',
    cancelledDates: [],
    ...overrides,
  };
}

function activity(r: ScheduleRule, overrides: Partial<CalendarActivity> = {}): CalendarActivity {
  return {
    id: 'svc-1',
    name: 'Walking group',
    description: 'A gentle walk; tea after, in the café.\nAll welcome.',
    url: 'http://localhost:3000/activities/svc-1',
    lastModified: new Date('2026-08-01T12:00:00Z'),
    schedules: [
      { id: 'sch-1', rule: r, location: 'Easton Community Centre, Kilburn Street, Bristol BS5 6AW' },
    ],
    ...overrides,
  };
}

/** Parses with ical.js (an independent implementation) and lists every session start/end in the window. */
function expandWithIcalJs(ics: string): { start: number; end: number | null; cancelled: boolean }[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const sessions: { start: number; end: number | null; cancelled: boolean }[] = [];
  for (const component of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    const cancelled = component.getFirstPropertyValue('status') === 'CANCELLED';
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      const start = next.toJSDate().getTime();
      if (start >= WINDOW_TO.getTime()) break;
      if (start < WINDOW_FROM.getTime()) continue;
      const details = event.getOccurrenceDetails(next);
      const end = details.endDate.toJSDate().getTime();
      // Without DTEND ical.js gives an instantaneous event; ours has no end.
      sessions.push({ start, end: end === start ? null : end, cancelled });
      if (!event.isRecurring()) break;
    }
  }
  return sessions.sort((a, b) => a.start - b.start);
}

function expandWithOurs(r: ScheduleRule) {
  return expandSchedule(r, WINDOW_FROM, WINDOW_TO).map((o) => ({
    start: o.start.getTime(),
    end: o.end ? o.end.getTime() : null,
    cancelled: false,
  }));
}

function roundTrip(r: ScheduleRule) {
  const ics = activitiesCalendar([activity(r)], { host: 'directory.test', name: 'Walking group', now: NOW });
  const theirs = expandWithIcalJs(ics).filter((s) => !s.cancelled);
  const ours = expandWithOurs(r);
  // Two empty lists agree about nothing: a rule outside the window must fail, not pass.
  expect(ours, 'no session of this rule falls in the window; nothing would be compared').to.not.be.empty;
  expect(theirs.map((s) => new Date(s.start).toISOString())).to.deep.equal(
    ours.map((s) => new Date(s.start).toISOString()),
  );
  expect(theirs.map((s) => s.end)).to.deep.equal(ours.map((s) => s.end));
  return { ics, ours };
}

describe('iCalendar output', () => {
  it('round-trips a fortnightly session through ical.js', () => {
    const { ours } = roundTrip(rule({ interval: 2, byday: ['TU'], dtstart: '2026-06-02' }));
    expect(ours.length).to.be.greaterThan(10);
  });

  it('round-trips the first Saturday of the month', () => {
    const { ours } = roundTrip(rule({ freq: 'MONTHLY', byday: ['1SA'], dtstart: '2026-01-03' }));
    expect(ours.map((o) => new Date(o.start).toISOString().slice(0, 10))).to.include('2026-10-03');
  });

  it('round-trips the last Friday of the month', () => {
    const { ours } = roundTrip(rule({ freq: 'MONTHLY', byday: ['-1FR'], dtstart: '2026-01-30' }));
    expect(ours.map((o) => new Date(o.start).toISOString().slice(0, 10))).to.include('2026-10-30');
  });

  it('round-trips a term-time session that ends on its until date', () => {
    const r = rule({ byday: ['WE'], dtstart: '2026-09-02', until: '2026-12-16', validFrom: '2026-09-09' });
    const { ics, ours } = roundTrip(r);
    expect(ours).to.have.length(15);
    expect(ics).to.match(/UNTIL=20261216T235959Z/);
  });

  it('round-trips a one-off dated session', () => {
    const { ics, ours } = roundTrip(
      rule({ freq: null, dtstart: '2026-11-14', opensAt: '14:00', closesAt: null }),
    );
    expect(ours).to.have.length(1);
    expect(ics).not.to.match(/RRULE:FREQ=(WEEKLY|MONTHLY)/);
    expect(ics).to.include('DTSTART;TZID=Europe/London:20261114T140000');
  });

  it('removes cancelled dates through EXDATE', () => {
    const r = rule({ byday: ['MO'], dtstart: '2026-09-07', cancelledDates: ['2026-12-21', '2026-12-28'] });
    const { ics, ours } = roundTrip(r);
    expect(ics).to.include('EXDATE;TZID=Europe/London:20261221T100000');
    const days = ours.map((o) => new Date(o.start).toISOString().slice(0, 10));
    expect(days).not.to.include('2026-12-21');
    expect(days).to.include('2027-01-04');
  });

  it('keeps local wall-clock time across the October clock change', () => {
    const { ours } = roundTrip(
      rule({ byday: ['SU'], dtstart: '2026-10-18', opensAt: '09:30', closesAt: '10:30' }),
    );
    const before = ours.find((o) => new Date(o.start).toISOString().startsWith('2026-10-18'))!;
    const after = ours.find((o) => new Date(o.start).toISOString().startsWith('2026-10-25'))!;
    expect(new Date(before.start).toISOString()).to.equal('2026-10-18T08:30:00.000Z');
    expect(new Date(after.start).toISOString()).to.equal('2026-10-25T09:30:00.000Z');
  });

  it('writes a COUNT rule as the date the count runs out', () => {
    roundTrip(rule({ byday: ['TH'], dtstart: '2026-09-03', count: 6 }));
  });

  it('marks a cancelled one-off as cancelled rather than dropping it', () => {
    const r = rule({ freq: null, dtstart: '2026-11-14', cancelledDates: ['2026-11-14'] });
    const ics = activitiesCalendar([activity(r)], { host: 'directory.test', name: 'x', now: NOW });
    expect(ics).to.include('STATUS:CANCELLED');
    expect(expandWithIcalJs(ics).every((s) => s.cancelled)).to.equal(true);
  });

  it('has the required calendar properties, stable UIDs, CRLF and folded lines', () => {
    const ics = activitiesCalendar([activity(rule({ byday: ['MO'], dtstart: '2026-09-07' }))], {
      host: 'directory.test',
      name: 'Walking group',
      now: NOW,
    });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).to.equal(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).to.equal(true);
    expect(ics.replace(/\r\n/g, '')).not.to.match(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).to.be.at.most(75);
    expect(ics).to.include('UID:sch-1@directory.test');
    expect(ics).to.include('BEGIN:VTIMEZONE\r\nTZID:Europe/London');
    expect(ics).to.include('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
    expect(event.description).to.equal('A gentle walk; tea after, in the café.\nAll welcome.');
    expect(event.location).to.equal('Easton Community Centre, Kilburn Street, Bristol BS5 6AW');
    expect(event.uid).to.equal('sch-1@directory.test');
  });

  it('skips schedules that have no future dates or cannot be read', () => {
    const ended = rule({ byday: ['MO'], dtstart: '2020-01-06', until: '2020-03-01' });
    const ics = activitiesCalendar([activity(ended)], { host: 'h', name: 'n', now: NOW });
    expect(ics).not.to.include('BEGIN:VEVENT');
    const broken = rule({ byday: ['XX'] });
    expect(activitiesCalendar([activity(broken)], { host: 'h', name: 'n', now: NOW })).not.to.include(
      'VEVENT',
    );
  });

  it('escapes text and folds long lines without splitting characters', () => {
    expect(escapeText('a\\b;c,d\ne')).to.equal('a\\\\b\\;c\\,d\\ne');
    const folded = foldLine(`DESCRIPTION:${'é'.repeat(80)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).to.be.at.most(75);
    expect(folded.split('\r\n ').join('')).to.equal(`DESCRIPTION:${'é'.repeat(80)}`);
    expect(calendarFilename('Tea & Chat: "Easton"/BS5')).to.equal('tea-chat-easton-bs5.ics');
  });

  describe('CR, LF and other control characters in every text-bearing field and id', () => {
    const BREAKS: Record<string, string> = {
      CR: '\r',
      LF: '\n',
      CRLF: '\r\n',
      NUL: '\u0000',
      BEL: '\u0007',
      VT: '\u000b',
      FF: '\u000c',
      ESC: '\u001b',
      DEL: '\u007f',
      NEL: '\u0085',
      'LINE SEPARATOR': '\u2028',
    };
    const fields = [
      'name',
      'description',
      'location',
      'schedule id',
      'url',
      'calendar name',
      'host',
    ] as const;
    // What an attacker would add after the line break: properties of their own.
    const injected = (brk: string) =>
      `x${brk}ATTACH:https://evil.example/${brk}ORGANIZER:mailto:evil@example.org`;

    for (const [label, brk] of Object.entries(BREAKS)) {
      it(`${label}: one line per property, nothing injected, values kept readable`, () => {
        for (const field of fields) {
          const hostile = injected(brk);
          const base = activity(rule({ byday: ['MO'], dtstart: '2026-09-07' }));
          const schedule = { ...base.schedules[0] };
          if (field === 'location') schedule.location = hostile;
          if (field === 'schedule id') schedule.id = hostile;
          const subject: CalendarActivity = {
            ...base,
            id: hostile,
            name: field === 'name' ? hostile : base.name,
            description: field === 'description' ? hostile : base.description,
            url: field === 'url' ? `https://directory.test/activities/${hostile}` : base.url,
            schedules: [schedule],
          };
          const ics = activitiesCalendar([subject], {
            host: field === 'host' ? hostile : 'directory.test',
            name: field === 'calendar name' ? hostile : 'Walking group',
            now: NOW,
          });
          const where = `${label} in ${field}`;
          expect(ics.replace(/\r\n/g, ''), where).not.to.match(/[^\P{Cc}\t]/u);
          expect(ics, where).not.to.match(/\r\n(ATTACH|ORGANIZER)/);
          const calendar = new ICAL.Component(ICAL.parse(ics));
          const [event] = calendar.getAllSubcomponents('vevent');
          expect(event.getAllProperties('attach'), where).to.have.length(0);
          expect(event.getAllProperties('organizer'), where).to.have.length(0);
          expect(
            event.getAllProperties().map((p) => p.name),
            where,
          ).to.deep.equal([
            'uid',
            'dtstamp',
            'dtstart',
            'dtend',
            'rrule',
            'summary',
            'location',
            'description',
            'url',
            'sequence',
            'last-modified',
          ]);
          const summary = String(event.getFirstPropertyValue('summary'));
          if (field === 'name') expect(summary.startsWith('x'), where).to.equal(true);
          const uid = String(event.getFirstPropertyValue('uid'));
          if (field === 'schedule id') expect(uid.startsWith('x'), where).to.equal(true);
          expect(uid, where).not.to.match(/\p{Cc}/u);
        }
      });
    }
  });
});
