import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { signToken } from '../../src/domain/signed-token.js';
import { buildApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { resetData, testDatabase } from '../support/database.js';
import { seedLinkWorkerListings } from '../support/link-worker.js';

describe('request logs leave out the tokens in signed links (real app and Postgres)', function () {
  this.timeout(60000);
  let db: DataSource;

  before(async () => {
    db = await testDatabase();
    await resetData(db);
    await seedLinkWorkerListings(db);
  });

  it('logs "[token]" in place of every signed link token, whatever the answer', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const app = buildApp(db, testConfig(), { logger: pino({ level: 'info', base: undefined }, sink) });
    const { sessionSecret } = testConfig();
    const handout = signToken(
      'shared-handout',
      JSON.stringify([{ id: 'walk', note: '' }]),
      sessionSecret,
      60_000,
    );
    const reset = signToken('password-reset', '1', sessionSecret, 60_000);
    const accurate = signToken('still-accurate', 'walk', sessionSecret, 60_000);
    const cases: [string, string][] = [
      [`/account/reset-password/${reset}`, '/account/reset-password/[token]'],
      [`/account/reset-password/${reset}?x=1`, '/account/reset-password/[token]'],
      [`/handout/${handout}`, '/handout/[token]'],
      [`/HANDOUT/${handout}`, '/HANDOUT/[token]'],
      [`/handout/${handout}/calendar.ics`, '/handout/[token]/calendar.ics'],
      [`/handout/${handout}x`, '/handout/[token]'],
      [`/still-accurate/${accurate}`, '/still-accurate/[token]'],
      ['/activities/walk', '/activities/walk'],
    ];
    for (const [path] of cases) await request(app).get(path);
    const logged = lines.map((line) => (JSON.parse(line) as { req?: { path: string } }).req?.path);
    expect(logged).to.deep.equal(cases.map(([, shown]) => shown));
    for (const token of [handout, reset, accurate]) {
      for (const part of token.split('.')) expect(lines.join('\n')).not.to.contain(part);
    }
  });
});
