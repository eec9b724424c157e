// Every combination the editor's schedule builder offers, through the real route on Postgres: "Preview the dates",
// then "Send for publishing" by a trusted organiser (published at once), then the stored schedules read back. Each
// combination is either saved with exactly the dates the preview showed, or refused with a message linked to a field.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { findUserByEmail } from '../../src/db/account-store.js';
import { createOrganization } from '../../src/db/organization-store.js';
import { storePlaces } from '../../src/db/place-store.js';
import { nextOccurrences, scheduleRule } from '../../src/domain/schedule/index.js';
import type { Services } from '../../src/services/index.js';
import { createApp } from '../../src/app.js';
import { sessionWhen } from '../../src/web/handlebars-helpers.js';
import { buildServices } from '../support/app.js';
import { csrfToken, resetAccounts, signedInAgent, type Agent } from '../support/accounts.js';
import { knitForm, nextWeekday } from '../support/activity-form.js';
import { resetData, testDatabase } from '../support/database.js';
import { EASTON } from '../support/fixtures.js';

type Body = Record<string, string | string[]>;
const ZONE = 'Europe/London';

// Dates relative to today, as the route judges them by the real clock.
const tuesday = DateTime.fromISO(nextWeekday(2), { zone: ZONE });
const iso = (d: DateTime) => d.toISODate()!;
const boxes = (d: DateTime | null) =>
  d ? { day: String(d.day), month: String(d.month), year: String(d.year) } : { day: '', month: '', year: '' };
const ukDate = (d: DateTime) => d.toFormat('d/M/yyyy');

const FIRST = tuesday.plus({ days: 15 }); // a Wednesday, two weeks after the Tuesday
const LAST = tuesday.plus({ days: 120 });
const PAST = DateTime.now().setZone(ZONE).minus({ days: 30 });
const SUNDAY = tuesday.plus({ days: 19 }); // never a session of the patterns below, inside FIRST..LAST
const NEXT_TUESDAY = tuesday.plus({ days: 21 }); // a session of "every week on Tuesday"

interface Combination {
  label: string;
  pattern: string;
  days: string[];
  day: string;
  firstDate: { day: string; month: string; year: string };
  weekOfMonth: string;
  monthDay: string;
  dates: string;
  extraDates: string;
  startDate: { day: string; month: string; year: string };
  endDate: { day: string; month: string; year: string };
  opensAt: string;
  closesAt: string;
}

/** The fields of the patterns not chosen, filled in: hidden parts of the form, which must change nothing. */
const OTHER_PARTS = {
  days: ['WE'],
  day: 'FR',
  firstDate: boxes(tuesday.plus({ days: 3 })),
  weekOfMonth: '2',
  monthDay: 'MO',
  dates: ukDate(tuesday.plus({ days: 9 })),
};
const EMPTY_PARTS = { days: [], day: '', firstDate: boxes(null), weekOfMonth: '', monthDay: '', dates: '' };

function combinations(): Combination[] {
  const found: Combination[] = [];
  const extras = ['', ukDate(SUNDAY), `${iso(SUNDAY)}\n${ukDate(NEXT_TUESDAY)}`];
  const starts = [null, FIRST];
  const ends = [null, LAST, PAST];
  const own: { pattern: string; variants: Partial<Combination>[] }[] = [
    {
      pattern: 'weekly',
      variants: [[], ['TU'], ['MO', 'TH']].map((days) => ({ days })),
    },
    {
      pattern: 'fortnightly',
      variants: ['', 'TU'].flatMap((day) =>
        [
          boxes(null),
          boxes(tuesday),
          boxes(tuesday.plus({ days: 1 })),
          { day: String(tuesday.day), month: '', year: '' },
        ].map((firstDate) => ({ day, firstDate })),
      ),
    },
    {
      pattern: 'monthly',
      variants: ['', '1', '-1'].flatMap((weekOfMonth) =>
        ['', 'TH'].map((monthDay) => ({ weekOfMonth, monthDay })),
      ),
    },
    {
      pattern: 'dates',
      variants: [
        '',
        ukDate(tuesday.plus({ days: 24 })),
        `${iso(tuesday.plus({ days: 17 }))}\n${ukDate(tuesday.plus({ days: 40 }))}`,
        'next Thursday',
      ].map((dates) => ({ dates })),
    },
  ];
  for (const { pattern, variants } of own)
    for (const variant of variants)
      for (const extraDates of extras)
        for (const start of starts)
          for (const end of ends) {
            const others = found.length % 2 ? OTHER_PARTS : EMPTY_PARTS;
            found.push({
              label: JSON.stringify({
                pattern,
                ...variant,
                extraDates,
                start: start && iso(start),
                end: end && iso(end),
              }),
              pattern,
              ...others,
              ...variant,
              extraDates,
              startDate: boxes(start),
              endDate: boxes(end),
              opensAt: '10:00',
              closesAt: '12:00',
            } as Combination);
          }
  // The times, with each pattern: as typed on a phone's number pad, the wrong way round, missing.
  const times = [
    ['930', '1130'],
    ['14:00', '13:00'],
    ['', '12:00'],
    ['10.00', '25:00'],
  ];
  const valid: Partial<Combination>[] = [
    { pattern: 'weekly', days: ['TU'] },
    { pattern: 'fortnightly', day: 'TU', firstDate: boxes(tuesday) },
    { pattern: 'monthly', weekOfMonth: '1', monthDay: 'TH' },
    { pattern: 'dates', dates: ukDate(tuesday.plus({ days: 2 })) },
  ];
  for (const v of valid)
    for (const [opensAt, closesAt] of times)
      found.push({
        label: JSON.stringify({ ...v, opensAt, closesAt }),
        ...EMPTY_PARTS,
        extraDates: '',
        startDate: boxes(null),
        endDate: boxes(null),
        opensAt,
        closesAt,
        ...v,
      } as Combination);
  found.push({
    label: 'no pattern chosen',
    ...EMPTY_PARTS,
    pattern: '',
    extraDates: '',
    startDate: boxes(null),
    endDate: boxes(null),
    opensAt: '10:00',
    closesAt: '12:00',
  });
  return found;
}

/** A form body as a browser posts it: a date input's boxes as name[day], name[month], name[year]. */
function formBody(c: Combination): Body {
  const body: Body = { ...knitForm(), pattern: c.pattern, days: c.days, day: c.day };
  Object.assign(body, {
    weekOfMonth: c.weekOfMonth,
    monthDay: c.monthDay,
    dates: c.dates,
    extraDates: c.extraDates,
    opensAt: c.opensAt,
    closesAt: c.closesAt,
  });
  delete body.firstDate;
  for (const name of ['firstDate', 'startDate', 'endDate'] as const)
    for (const part of ['day', 'month', 'year'] as const) body[`${name}[${part}]`] = c[name][part];
  return body;
}

describe('the schedule builder: every combination is saved as previewed, or refused by field (real route and Postgres)', function () {
  this.timeout(600000);
  let db: DataSource;
  let app: Express;
  let services: Services;
  let organiser: Agent;
  let serviceId: string;
  let path: string;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await resetAccounts(db);
    await storePlaces(db, [{ kind: 'postcode', key: 'BS56AW', name: 'BS5 6AW', area: 'Bristol', ...EASTON }]);
    services = buildServices(db);
    app = createApp(services);
    const orgId = (await createOrganization(db, 'Easton Knitters')).id;
    ({ agent: organiser } = await signedInAgent(app, db, {
      email: 'jan@example.org',
      organizationIds: [orgId],
    }));
    await signedInAgent(app, db, { email: 'steward@example.org', role: 'steward' });
    const token = await csrfToken(organiser, `/manage/organisations/${orgId}/activities/new`);
    const sent = await organiser
      .post(`/manage/organisations/${orgId}/activities/new`)
      .type('form')
      .send({ _csrf: token, ...knitForm() })
      .expect(302);
    const steward = (await findUserByEmail(db, 'steward@example.org'))!;
    await services.moderation.approveDraft(steward, sent.headers.location.split('/').pop()!);
    serviceId = ((await db.query('SELECT id FROM service')) as { id: string }[])[0].id;
    // A trusted organiser's edit is published at once, so each sending replaces the stored schedules.
    await db.query(`UPDATE user_account SET trusted = true WHERE email = 'jan@example.org'`);
    path = `/manage/activities/${serviceId}/edit`;
  });

  const storedSchedules = async () =>
    (await db.query(
      `SELECT freq, interval, byday, dtstart::text, until::text, opens_at::text, closes_at::text
       FROM schedule WHERE service_id = $1 ORDER BY id`,
      [serviceId],
    )) as {
      freq: 'WEEKLY' | 'MONTHLY' | null;
      interval: number | null;
      byday: string | null;
      dtstart: string | null;
      until: string | null;
      opens_at: string | null;
      closes_at: string | null;
    }[];

  const errorsOf = ($: cheerio.CheerioAPI) =>
    $('.govuk-error-summary a')
      .map((_, a) => `${$(a).attr('href')} ${$(a).text().trim()}`)
      .get();

  it('saves every combination with the dates its preview showed, or refuses it with a message on a field', async () => {
    const all = combinations();
    let saved = 0;
    const savedLabels = new Set<string>();
    let refused = 0;
    const token = await csrfToken(organiser, path);
    for (const c of all) {
      const body = formBody(c);
      const previewed = await organiser
        .post(path)
        .type('form')
        .send({ _csrf: token, ...body, action: 'preview' });
      const $ = cheerio.load(previewed.text);
      const errors = errorsOf($);
      const sent = await organiser
        .post(path)
        .type('form')
        .send({ _csrf: token, ...body, action: 'submit' });
      if (errors.length) {
        refused++;
        expect(previewed.status, c.label).to.equal(400);
        // The rest of the form is right, so each problem is the schedule's: no dates are previewed.
        expect($('.preview-dates').length, c.label).to.equal(0);
        for (const error of errors) {
          const href = error.split(' ')[0];
          expect($(href).is('input, select, textarea'), `${c.label}: ${error} links to a field`).to.equal(
            true,
          );
        }
        // Sending it is refused with the same messages.
        expect(sent.status, c.label).to.equal(400);
        expect(errorsOf(cheerio.load(sent.text)), c.label).to.deep.equal(errors);
        continue;
      }
      saved++;
      savedLabels.add(c.label);
      expect(previewed.status, c.label).to.equal(200);
      expect(sent.status, `${c.label}: ${errorsOf(cheerio.load(sent.text)).join('; ')}`).to.equal(302);
      const shown = $('.preview-dates .next-dates li')
        .map((_, li) => $(li).text())
        .get();
      const wording = $('.preview-dates strong')
        .map((_, s) => $(s).text())
        .get()
        .join(' | ');
      const stored = await storedSchedules();
      const now = new Date();
      const upcoming = stored
        .flatMap((s) => nextOccurrences(scheduleRule(s, []), now, 60))
        .sort((a, b) => a.start.getTime() - b.start.getTime());
      expect(shown, c.label).to.deep.equal(upcoming.slice(0, 6).map((o) => sessionWhen(o.start, o.end)));

      // What was typed is what is stored: no extra date dropped, every session within the first and last dates,
      // in step with the date of one session, at the times typed.
      const oneOffs = stored.filter((s) => s.freq === null).map((s) => s.dtstart);
      const typedExtras = c.extraDates
        .split('\n')
        .filter(Boolean)
        .map((d) => (d.includes('/') ? iso(DateTime.fromFormat(d, 'd/M/yyyy')) : d));
      expect(oneOffs, c.label).to.include.members(typedExtras);
      for (const extra of typedExtras)
        expect(wording, c.label).to.contain(DateTime.fromISO(extra).toFormat('cccc d MMMM yyyy'));
      const dates = upcoming.map((o) => o.date);
      if (c.startDate.year)
        expect(
          dates.every((d) => d >= iso(FIRST)),
          c.label,
        ).to.equal(true);
      if (c.endDate.year)
        expect(
          dates.every((d) => d <= iso(LAST)),
          c.label,
        ).to.equal(true);
      if (c.pattern === 'fortnightly') {
        const repeating = stored.find((s) => s.freq === 'WEEKLY')!;
        const weeks = DateTime.fromISO(repeating.dtstart!).diff(tuesday, 'days').days;
        expect(weeks % 14, c.label).to.equal(0);
      }
      expect(new Set(stored.map((s) => s.opens_at)), c.label).to.deep.equal(
        new Set([c.opensAt === '930' ? '09:30:00' : '10:00:00']),
      );
    }
    // The brief's own case: every other week, a first date, and one extra date, saved.
    const brief = all.find(
      (c) =>
        c.pattern === 'fortnightly' &&
        c.day === 'TU' &&
        c.firstDate.year &&
        c.extraDates === ukDate(SUNDAY) &&
        c.startDate.year &&
        !c.endDate.year &&
        c.firstDate.day === String(tuesday.day),
    );
    expect(
      savedLabels.has(brief!.label),
      'every other week with a first date and an extra date is saved',
    ).to.equal(true);
    expect(saved + refused).to.equal(all.length);
    expect(saved).to.be.greaterThan(40);
    expect(refused).to.be.greaterThan(40);
  });
});
