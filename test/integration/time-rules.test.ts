// The time rules give the same answers in JS (Meilisearch documents, session summaries) and in SQL (the
// Postgres engine, the ORUK API, the slot masks), on the sessions where a second spelling would go wrong.
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import {
  DAY_MINUTES,
  overlapsWindow,
  overlapsWindowSql,
  PART_ORDER,
  partsOfDaySql,
  PARTS_OF_DAY,
  sessionEndMinute,
  sessionEndSql,
  slotMask,
  slotMaskSql,
} from '../../src/domain/time-rules.js';
import { testDatabase } from '../support/database.js';

const hm = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/** Sessions in local wall-clock minutes, as session_occurrence holds them. On a clock-change Sunday the
 * wall clock is what counts: 01:30 on 29 March 2026 never happens in London, yet a session listed for it
 * is a morning session, and one from 01:00 to 02:30 on 25 October (a 150-minute night) ends at 02:30. */
const SESSIONS: { name: string; isoDow: number; start: number; end: number | null }[] = [
  { name: 'no end time in the morning', isoDow: 2, start: hm('10:00'), end: null },
  { name: 'no end time at 11:30 (runs into the afternoon)', isoDow: 2, start: hm('11:30'), end: null },
  { name: 'no end time at 23:30 (an hour past midnight)', isoDow: 5, start: hm('23:30'), end: null },
  { name: 'past midnight, 22:00–01:00', isoDow: 6, start: hm('22:00'), end: hm('01:00') },
  { name: 'past midnight, 19:00–00:00', isoDow: 6, start: hm('19:00'), end: 0 },
  { name: 'ends when it starts (all day)', isoDow: 7, start: hm('09:00'), end: hm('09:00') },
  { name: 'starts at midnight', isoDow: 1, start: 0, end: hm('00:30') },
  { name: 'ends exactly at noon', isoDow: 3, start: hm('10:00'), end: hm('12:00') },
  { name: 'starts exactly at noon', isoDow: 3, start: hm('12:00'), end: hm('13:00') },
  { name: 'ends exactly at 17:00', isoDow: 4, start: hm('15:00'), end: hm('17:00') },
  { name: 'starts exactly at 17:00', isoDow: 4, start: hm('17:00'), end: hm('18:00') },
  { name: 'a 09:00–17:00 drop-in', isoDow: 1, start: hm('09:00'), end: hm('17:00') },
  { name: 'a one-minute session at 16:59', isoDow: 1, start: hm('16:59'), end: hm('17:00') },
  {
    name: 'clock change: 01:30 on the spring-forward Sunday',
    isoDow: 7,
    start: hm('01:30'),
    end: hm('02:30'),
  },
  {
    name: 'clock change: 01:00–02:30 on the fall-back Sunday',
    isoDow: 7,
    start: hm('01:00'),
    end: hm('02:30'),
  },
  { name: 'the last minute of the day, no end', isoDow: 7, start: DAY_MINUTES - 1, end: null },
];

/** Windows a search can ask for: each part of the day, typed windows, and edges. */
const WINDOWS: [number, number][] = [
  ...PART_ORDER.map((part) => [PARTS_OF_DAY[part].from, PARTS_OF_DAY[part].to] as [number, number]),
  [hm('10:00'), hm('12:00')],
  [hm('12:00'), hm('12:30')],
  [hm('16:30'), hm('17:00')],
  [hm('17:00'), hm('17:30')],
  [hm('23:00'), DAY_MINUTES],
  [hm('00:00'), hm('00:30')],
  [hm('00:30'), hm('01:00')],
  [hm('02:00'), hm('03:00')],
];

describe('time rules: JS and SQL agree', () => {
  let db: DataSource;
  const values = SESSIONS.map(
    (s, i) =>
      `(${i}, ${s.isoDow}::smallint, ${s.start}::smallint, ${s.end === null ? 'NULL' : s.end}::smallint)`,
  ).join(', ');
  const sessions = `(VALUES ${values}) AS o(i, iso_dow, start_minute, end_minute)`;

  before(async () => {
    db = await testDatabase();
  });

  it('on when each session ends', async () => {
    const rows = (await db.query(`SELECT i, ${sessionEndSql('o')} AS ends FROM ${sessions} ORDER BY i`)) as {
      ends: number;
    }[];
    SESSIONS.forEach((s, i) => expect(rows[i].ends, s.name).to.equal(sessionEndMinute(s.start, s.end)));
    // The rules themselves, so that agreeing on a wrong answer fails too.
    expect(sessionEndMinute(hm('23:30'), null)).to.equal(DAY_MINUTES + 30);
    expect(sessionEndMinute(hm('22:00'), hm('01:00'))).to.equal(DAY_MINUTES);
    expect(sessionEndMinute(hm('09:00'), hm('09:00'))).to.equal(DAY_MINUTES);
  });

  it('on which sessions overlap each window, with windows as bind parameters', async () => {
    for (const [from, to] of WINDOWS) {
      const rows = (await db.query(
        `SELECT i, ${overlapsWindowSql('$1::int', '$2::int', 'o')} AS hit FROM ${sessions} ORDER BY i`,
        [from, to],
      )) as { hit: boolean }[];
      SESSIONS.forEach((s, i) =>
        expect(rows[i].hit, `${s.name} in ${from}–${to}`).to.equal(overlapsWindow(s.start, s.end, from, to)),
      );
    }
    expect(overlapsWindow(hm('10:00'), hm('12:00'), hm('12:00'), hm('12:30')), 'ends as the window opens').to
      .be.false;
    expect(overlapsWindow(hm('09:00'), hm('17:00'), hm('14:00'), hm('15:00')), 'drop-in covers it').to.be
      .true;
  });

  it('on the parts of the day and the slot mask', async () => {
    const rows = (await db.query(
      `SELECT i, (${slotMaskSql('o')}) AS mask, ${partsOfDaySql(['afternoon'], 'o')} AS afternoon,
              ${partsOfDaySql(['morning', 'evening'], 'o')} AS morning_or_evening
       FROM ${sessions} ORDER BY i`,
    )) as { mask: number; afternoon: boolean; morning_or_evening: boolean }[];
    SESSIONS.forEach((s, i) => {
      expect(rows[i].mask, s.name).to.equal(slotMask(s.isoDow, s.start, s.end));
      const inPart = (part: (typeof PART_ORDER)[number]) =>
        overlapsWindow(s.start, s.end, PARTS_OF_DAY[part].from, PARTS_OF_DAY[part].to);
      expect(rows[i].afternoon, `${s.name}: afternoon`).to.equal(inPart('afternoon'));
      expect(rows[i].morning_or_evening, `${s.name}: morning or evening`).to.equal(
        inPart('morning') || inPart('evening'),
      );
    });
    // Saturday 22:00–01:00 is an evening session only: bit (6 - 1) * 3 + 2.
    expect(slotMask(6, hm('22:00'), hm('01:00'))).to.equal(1 << 17);
    // A Monday 09:00–17:00 drop-in is morning and afternoon, not evening.
    expect(slotMask(1, hm('09:00'), hm('17:00'))).to.equal(0b011);
  });
});
