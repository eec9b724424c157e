import { expect } from 'chai';
import { BadRequestError } from '../../src/domain/form-error.js';
import { activityDocument } from '../../src/services/activity-document.js';
import { answerFor, NotFoundError, TooManyRequestsError } from '../../src/web/errors.js';
import { checkActivityForm, readActivityForm } from '../../src/web/forms/activity-form.js';
import { cancelDateForm } from '../../src/web/forms/manage.js';
import { profileForm } from '../../src/web/forms/organisation-profile.js';
import { knitForm } from '../support/activity-form.js';

const EASTON = { latitude: 51.4613, longitude: -2.5592 };

/** A postcode lookup that knows one postcode and counts what it is asked. */
function lookup() {
  const asked: string[] = [];
  const find = async (postcode: string) => {
    asked.push(postcode);
    return postcode.replace(/\s/g, '').toUpperCase() === 'BS56AW' ? EASTON : null;
  };
  return { asked, find };
}

describe('forms: the activity editor (no database)', () => {
  it('reads a posted body as typed: one line end, ticked boxes as lists, anything else empty', () => {
    const form = readActivityForm({
      description: 'First\r\nSecond',
      needs: 'loneliness',
      suitability: ['women-only', { $ne: 1 }],
      name: ['two', 'names'],
    });
    expect(form.description).to.equal('First\nSecond');
    expect(form.needs).to.deep.equal(['loneliness']);
    expect(form.suitability).to.deep.equal(['women-only']);
    expect(form.name).to.equal('');
    expect(form.whereKind).to.equal('venue');
    expect(readActivityForm(null)).to.deep.equal(readActivityForm({}));
  });

  it('lists every problem at once, an unknown postcode among them', async () => {
    const { asked, find } = lookup();
    const form = readActivityForm(
      knitForm({ name: '', postcode: 'ZZ1 1ZZ', pattern: 'weekly', opensAt: '14:00', closesAt: '13:00' }),
    );
    const checked = await checkActivityForm(form, find);
    expect(checked.ok).to.equal(false);
    expect(checked.errors).to.deep.equal([
      { field: 'name', message: 'Enter the name of the activity' },
      { field: 'postcode', message: 'We could not find the postcode ZZ1 1ZZ. Check it is right.' },
      { field: 'closesAt', message: 'End time must be after the start time' },
      { field: 'days', message: 'Choose the days of the week it runs' },
    ]);
    expect(asked).to.deep.equal(['ZZ1 1ZZ']);
  });

  it('looks up only a postcode written like one, and only for a venue', async () => {
    const { asked, find } = lookup();
    const badly = await checkActivityForm(readActivityForm(knitForm({ postcode: '<b>x</b>' })), find);
    expect(badly.errors).to.deep.equal([
      { field: 'postcode', message: 'Enter a full UK postcode, like BS5 6XX' },
    ]);
    await checkActivityForm(readActivityForm(knitForm({ whereKind: 'online' })), find);
    expect(asked).to.deep.equal([]);
  });

  it('turns a checked form into the HSDS document a draft keeps', async () => {
    const checked = await checkActivityForm(
      readActivityForm(knitForm({ costKind: 'paid', costAmount: '£2.50' })),
      lookup().find,
    );
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const now = new Date('2026-03-02T10:00:00Z');
    const document = activityDocument(checked.value, {
      serviceId: 'act-1',
      organizationId: 'org-1',
      status: 'active',
      now,
    }) as {
      assured_date: string;
      service_at_locations: { location: object }[];
      cost_options: object[];
      schedules: object[];
      attributes: { id: string }[];
    };
    expect(document.assured_date).to.equal('2026-03-02');
    expect(document.service_at_locations[0].location).to.include({ ...EASTON, location_type: 'physical' });
    expect(document.cost_options[0]).to.include({ amount: 2.5, option: 'Per session' });
    expect(document.schedules[0]).to.include({ freq: 'WEEKLY', interval: 2, byday: 'TU' });
    expect(document.attributes.map((a) => a.id)).to.include('act-1-suitability-someone-will-meet-you');
  });
});

describe('forms: the organiser’s smaller forms', () => {
  it('an organisation profile: trimmed, empty as nothing, a bare website given https://', () => {
    expect(
      profileForm.parse({ name: ' Knitters ', description: ' ', email: '', website: 'knit.example' }),
    ).to.deep.equal({ name: 'Knitters', description: null, email: null, website: 'https://knit.example' });
    const bad = profileForm.safeParse({
      name: ' ',
      description: '',
      email: 'x@',
      website: 'javascript:alert(1)',
    });
    expect(bad.error!.issues.map((i) => [i.path[0], i.message])).to.deep.equal([
      ['name', 'Enter the name of your organisation'],
      ['email', 'Enter an email address in the correct format, like name@example.com'],
      ['website', 'Website must be a web address (https://…), or a mailto: or tel: link'],
    ]);
  });

  it('a cancelled date: written the UK way or ISO, always with a reason', () => {
    expect(cancelDateForm.parse({ date: '22/12/2026', reason: ' Christmas ' })).to.deep.equal({
      date: '2026-12-22',
      reason: 'Christmas',
    });
    const bad = cancelDateForm.safeParse({ date: '31/02/2026', reason: '' });
    expect(bad.error!.issues.map((i) => i.message)).to.deep.equal([
      'Date must be a real date, like 2026-12-22',
      'Say why, so people know: for example "Christmas holidays"',
    ]);
  });
});

describe('errors: one answer for pages and the API', () => {
  it('a bad request carries each problem by field; the client is told its own mistakes only', () => {
    const bad = answerFor(
      new BadRequestError([
        { field: 'page', message: 'page must be a whole number from 1 to 1000000' },
        { field: 'day', message: 'day must be weekdays' },
      ]),
    );
    expect(bad).to.deep.include({ status: 400, message: 'page must be a whole number from 1 to 1000000' });
    expect(bad.problems.map((p) => p.field)).to.deep.equal(['page', 'day']);
    expect(answerFor(new NotFoundError())).to.deep.include({ status: 404, problems: [] });
    expect(answerFor(new Error('secret detail'))).to.deep.include({ status: 500, message: null });
  });

  it('says when to try again: a database that is down, a rate limit', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(answerFor(down)).to.deep.include({ status: 503, retryAfterSeconds: 5, message: null });
    expect(answerFor(new TooManyRequestsError('Try again after 15:45', 900))).to.deep.include({
      status: 429,
      retryAfterSeconds: 900,
    });
  });
});
