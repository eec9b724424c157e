// Realistic link-worker searches over the sample listings, with the results that must come first.
import { expect } from 'chai';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { seedDirectory } from '../../src/importer/seed.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createSearchDirectory } from '../../src/services/search-directory.js';
import { directoryQuery, parseSearchForm } from '../../src/web/forms/search.js';
import { resetData, testDatabase } from '../support/database.js';
import { createStores } from '../../src/db/stores.js';
import { systemClock } from '../../src/domain/clock.js';

const SEED_DIR = path.resolve(import.meta.dirname, '../../seed-data');
// Tuesday 1 December 2026, 09:00 in London: the sample data's schedules are written around this winter.
const NOW = new Date('2026-12-01T09:00:00Z');

interface Case {
  query: Record<string, string>;
  /** This activity must be the first result. */
  first?: string;
  /** All of these must be within the first `within` results. */
  top?: string[];
  /** At least one of these must be within the first `within` results. */
  anyOf?: string[];
  within?: number;
  /** None of these may appear on the first page. */
  not?: string[];
}

const cases: Case[] = [
  { query: { q: 'walking', where: 'BS9' }, first: 'Downs Health Walk' },
  { query: { q: 'walking', where: 'LS11' }, first: 'Cross Flatts Park Gentle Walk' },
  { query: { q: 'walking', where: 'M33' }, top: ['Sale Water Park Walk'], within: 3 },
  // A walking group half a mile away among walks named for the word up to four miles off: all match by name or
  // type, a name a little more.
  { query: { q: 'walk', where: 'WA15' }, top: ['Stamford Park Saturday Stroll'], within: 4 },
  { query: { q: 'lonely', where: 'BS5' }, top: ['Friday Coffee Morning'], within: 5 },
  { query: { q: 'isolated', where: 'LS6' }, top: ['Headingley Monday Coffee Morning'], within: 5 },
  { query: { q: 'knit', where: 'BS3' }, first: 'Knit and Natter' },
  { query: { q: 'choir', where: 'LS4' }, first: 'Aire Valley Community Choir' },
  { query: { q: 'tai chi', where: 'WA15' }, first: 'Tai Chi' },
  { query: { q: "men's shed", where: 'LS12' }, first: 'Armley Shed' },
  { query: { q: 'bereavement', where: 'BS4' }, first: 'Bereavement Café' },
  { query: { q: 'lost my wife', where: 'M33' }, first: 'Bereavement Friendship Café' },
  // A sentence is not an AND of its words: the café matches most of them.
  {
    query: { q: "lost my wife last year and don't go out", where: 'M33' },
    top: ['Bereavement Friendship Café'],
    within: 2,
  },
  { query: { q: 'housebound', where: 'LS15' }, top: ['East Leeds Home Visits'], within: 3 },
  {
    query: { q: 'housebound', where: 'BS5' },
    anyOf: ['East Bristol Phone Friends', 'Telephone Befriending'],
    within: 3,
  },
  // The phrase as typed outranks its words scattered through a description.
  { query: { q: 'phone friends', where: 'BS5' }, first: 'East Bristol Phone Friends' },
  { query: { q: 'grief', where: 'LS18' }, first: 'Grief Space Café' },
  {
    query: { q: 'feeling low', where: 'LS1' },
    anyOf: ['Anxiety and Panic Peer Group', "Young People's Wellbeing Group"],
    within: 3,
  },
  { query: { q: 'anxiety', where: 'BS7' }, first: 'Anxiety Peer Support Group' },
  { query: { q: 'carers', where: 'BS16' }, first: "Carers' Café" },
  { query: { need: 'carers', where: 'LS15' }, top: ["Carers' Coffee Morning"], within: 3 },
  { query: { q: 'dementia', where: 'BS9' }, first: 'Singing for Memory' },
  { query: { q: 'parkinsons', where: 'BS7' }, first: "Parkinson's Move and Groove" },
  { query: { q: 'swimming', where: 'BS7' }, first: 'Over-60s Quiet Swim' },
  { query: { q: 'walking football', where: 'LS10' }, first: 'Walking Football at Belle Isle' },
  { query: { q: 'walkng', where: 'LS11' }, top: ['Cross Flatts Park Gentle Walk'], within: 3 },
  {
    query: { q: 'befriending', where: 'BS5' },
    anyOf: ['East Bristol Phone Friends', 'Telephone Befriending'],
    within: 2,
  },
  {
    query: { q: 'befriending', where: 'LS6' },
    top: ['Good Company Phone Calls'],
    within: 3,
    not: ['Telephone Befriending'],
  },
  { query: { q: 'money advice', where: 'LS14' }, first: 'Money Advice Drop-in' },
  { query: { q: 'food', where: 'BS13' }, top: ['Hartcliffe Food Club'], within: 3 },
  { query: { q: 'english conversation', where: 'BS2' }, first: 'English Conversation Café' },
  { query: { q: 'lgbt', where: 'BS1' }, first: 'Proud West Social Evening' },
  { query: { q: 'women', where: 'BS3' }, first: "Women's Saturday Bike Club" },
  { query: { q: 'art', where: 'LS28' }, top: ['Drop-in Art Club'], within: 2 },
  {
    query: { q: 'gardening', where: 'M32' },
    top: ['Growing Space Volunteer Days', 'Saturday Allotment Club'],
    within: 3,
  },
  { query: { q: 'cycling', where: 'BS1' }, first: 'Thursday Evening Easy Rides' },
  {
    query: { where: 'BS5', day: 'TU', time: 'afternoon', need: 'learning-skills' },
    first: 'Tablet and Smartphone Help Drop-in',
  },
  {
    query: { where: 'LS6', need: 'loneliness', day: 'MO', time: 'morning' },
    first: 'Headingley Monday Coffee Morning',
  },
  { query: { q: 'coffee morning', where: 'M33', day: 'TU' }, first: 'Sale Tuesday Coffee Morning' },
  { query: { q: 'mindfulness', where: 'LS6' }, top: ['Morning Mindfulness (online)'], within: 3 },
  {
    query: { q: 'tea dance', where: 'BS11' },
    top: ['Shirehampton Tea Dance', 'Christmas Tea Dance'],
    within: 2,
  },
  { query: { q: 'chair exercise', where: 'LS14' }, first: 'Chair-based Exercise' },
  { query: { q: 'litter pick', where: 'LS6' }, first: 'Meanwood Park Litter Pick' },
  { query: { q: 'young people art', where: 'LS13' }, first: 'Young Artists Collective' },
  {
    query: { q: 'walking', where: 'BS5', radius: '2' },
    not: ['Cross Flatts Park Gentle Walk', 'Sale Water Park Walk'],
  },
];

describe('relevance: link-worker searches over the sample listings', function () {
  this.timeout(60000);
  let db: DataSource;
  let searchDirectory: ReturnType<typeof createSearchDirectory>;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await seedDirectory(createStores(db), SEED_DIR, NOW);
    const engine = new PostgresSearchEngine(db);
    searchDirectory = createSearchDirectory(createStores(db), () => engine, systemClock);
  });

  it('has at least 30 cases', () => {
    expect(cases.length).to.be.at.least(30);
  });

  for (const c of cases) {
    const label = new URLSearchParams(c.query).toString();
    it(label, async () => {
      const { form, errors } = parseSearchForm(c.query);
      expect(errors).to.deep.equal([]);
      const outcome = await searchDirectory(directoryQuery(form), { now: NOW });
      expect(outcome.locationProblem, label).to.equal(null);
      const names = outcome.result!.hits.map((h) => h.name);
      const shown = `got: ${names.slice(0, 6).join(' | ')}`;
      if (c.first) expect(names[0], shown).to.equal(c.first);
      const within = names.slice(0, c.within ?? 1);
      for (const name of c.top ?? []) expect(within, shown).to.include(name);
      if (c.anyOf)
        expect(
          c.anyOf.some((name) => within.includes(name)),
          shown,
        ).to.equal(true);
      for (const name of c.not ?? []) expect(names, shown).not.to.include(name);
    });
  }
});
