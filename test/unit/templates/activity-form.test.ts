// The activity editor rendered alone: each radio's questions are the design system's conditional reveal, and
// without JavaScript only the chosen radio's questions show; dates are date inputs, times 24-hour text fields.
import { expect } from 'chai';
import { activityFormView } from '../../../src/web/forms/activity-form-view.js';
import { emptyActivityForm, readActivityForm } from '../../../src/web/forms/activity-form.js';
import { renderPage } from '../../support/templates.js';

const page = (form = emptyActivityForm(), errors: { field: string; message: string }[] = []) =>
  renderPage(
    'manage/activity-form',
    { heading: 'Add an activity', action: '/x', ...activityFormView(form, errors, null) },
    { layout: false },
  );

describe('templates: the activity editor', () => {
  it('shows only the chosen radios’ questions, each in a conditional part its radio controls', async () => {
    const $ = await page(
      readActivityForm({ ...emptyActivityForm(), whereKind: 'online', pattern: 'monthly' }),
    );
    const parts = $('.govuk-radios__conditional');
    expect(parts.length).to.equal(8);
    const shown = parts.filter((_, el) => $(el).attr('hidden') === undefined);
    expect(shown.map((_, el) => $(el).attr('id')).get()).to.deep.equal([
      'conditional-whereKind-online',
      'conditional-pattern-monthly',
    ]);
    for (const el of parts.toArray()) {
      const id = $(el).attr('id');
      expect($(`input[data-aria-controls="${id}"]`).length, id).to.equal(1);
      // Hidden parts are marked as the design system's script expects, and still hold what was typed.
      expect($(el).hasClass('govuk-radios__conditional--hidden')).to.equal(
        $(el).attr('hidden') !== undefined,
      );
    }
    expect($('#conditional-whereKind-venue #field-postcode').length).to.equal(1);
    expect($('#conditional-pattern-fortnightly #field-firstDate-day').length).to.equal(1);
    expect($('#conditional-pattern-monthly #field-monthDay').length).to.equal(1);
    expect($('#conditional-costKind-paid #field-costAmount').length).to.equal(1);
    // Each sends the form back to its own question.
    expect(
      $('button[name=action][value=reveal]')
        .map((_, b) => $(b).attr('formaction'))
        .get(),
    ).to.deep.equal(['/x#where', '/x#when', '/x#cost']);
    expect($('button[name=action][value=reveal]').first().text()).to.equal(
      'Show the questions for this choice',
    );
  });

  it('dates are day, month and year boxes; times are numeric text with a 24-hour hint', async () => {
    const $ = await page(readActivityForm({ startDate: '2026-01-06', opensAt: '14:30' }));
    expect($('#field-startDate-day').val()).to.equal('6');
    expect($('#field-startDate-month').val()).to.equal('1');
    expect($('#field-startDate-year').val()).to.equal('2026');
    expect($('input[name="endDate[day]"]').length).to.equal(1);
    for (const name of ['opensAt', 'closesAt']) {
      const input = $(`#field-${name}`);
      expect(input.attr('type')).to.equal('text');
      expect(input.attr('inputmode')).to.equal('numeric');
      expect($(`#hint-${name}`).text()).to.equal('24-hour clock, like 14:30');
    }
    expect($('#field-opensAt').val()).to.equal('14:30');
    expect($('input[type=date], input[type=time]').length).to.equal(0);
  });

  it('a date’s error links to its day box', async () => {
    const $ = await renderPage('manage/activity-form', {
      heading: 'Add an activity',
      action: '/x',
      ...activityFormView(
        emptyActivityForm(),
        [{ field: 'startDate', message: 'First date must include a month' }],
        null,
      ),
    });
    expect($('.govuk-error-summary a').attr('href')).to.equal('#field-startDate-day');
    expect($('#field-startDate-day').hasClass('govuk-input--error')).to.equal(true);
  });
});
