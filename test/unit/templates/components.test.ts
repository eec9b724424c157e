// The design-system partials, rendered alone with fixture data: what a screen reader and the error pattern rely on.
import { expect } from 'chai';
import { formState } from '../../../src/web/forms/form-state.js';
import { renderPartial } from '../../support/templates.js';

describe('templates: form components', () => {
  it('an input with a hint and an error is marked, and described by both, in that order', async () => {
    const form = formState({ email: 'not an address' }, [
      { field: 'email', message: 'Enter an email address' },
    ]);
    const $ = await renderPartial('govuk/input', {
      name: 'email',
      label: 'Email address',
      hint: 'We send links here',
      form,
    });
    expect($('.govuk-form-group').hasClass('govuk-form-group--error')).to.equal(true);
    const input = $('input#field-email');
    expect(input.hasClass('govuk-input--error')).to.equal(true);
    expect(input.attr('value')).to.equal('not an address');
    expect(input.attr('aria-describedby')).to.equal('hint-email error-email');
    expect($('#hint-email').text().trim()).to.equal('We send links here');
    expect($('#error-email').text().replace(/\s+/g, ' ').trim()).to.equal('Error: Enter an email address');
    expect($('label[for=field-email]').text()).to.equal('Email address');
  });

  it('an input without a problem or hint has no describedby and no error', async () => {
    const $ = await renderPartial('govuk/input', {
      name: 'postcode',
      label: 'Postcode',
      form: formState({}),
    });
    expect($('input#field-postcode').attr('aria-describedby')).to.equal(undefined);
    expect($('.govuk-error-message')).to.have.length(0);
    expect($('.govuk-form-group--error')).to.have.length(0);
  });

  it('a password input never echoes what was typed', async () => {
    const form = formState({ password: 'secret words' }, [{ field: 'password', message: 'Too short' }]);
    const $ = await renderPartial('govuk/input', {
      name: 'password',
      label: 'Password',
      type: 'password',
      noValue: true,
      form,
    });
    expect($('input#field-password').attr('value')).to.equal(undefined);
    expect($.html()).not.to.include('secret words');
  });

  it('the error summary links each problem to its field, a group to its first box, and leaves others unlinked', async () => {
    const form = formState(
      {},
      [
        { field: 'name', message: 'Enter a name' },
        { field: 'days', message: 'Choose at least one day' },
        { field: 'form', message: 'Something went wrong' },
      ],
      { days: '#days-MO', form: null },
    );
    const $ = await renderPartial('govuk/error-summary', { form });
    const items = $('.govuk-error-summary__list li');
    expect(items).to.have.length(3);
    expect(items.eq(0).find('a').attr('href')).to.equal('#field-name');
    expect(items.eq(1).find('a').attr('href')).to.equal('#days-MO');
    expect(items.eq(2).find('a')).to.have.length(0);
    expect(items.eq(2).text()).to.equal('Something went wrong');
    expect($('[role=alert] h2').text()).to.equal('There is a problem');
  });

  it('no error summary at all when there is no problem', async () => {
    const $ = await renderPartial('govuk/error-summary', { form: formState({}) });
    expect($('.govuk-error-summary')).to.have.length(0);
  });

  it('checkboxes sit in a fieldset described by its error, each box labelled with its count', async () => {
    const form = formState({}, [{ field: 'days', message: 'Choose a day' }]);
    const items = [
      { id: 'days-MO', code: 'MO', name: 'Monday', checked: true, count: 3 },
      { id: 'days-TU', code: 'TU', name: 'Tuesday', checked: false, count: 0 },
    ];
    const $ = await renderPartial('govuk/checkboxes', { name: 'days', legend: 'Days', items, form });
    expect($('fieldset').attr('aria-describedby')).to.equal('error-days');
    expect($('legend').text()).to.equal('Days');
    expect($('#days-MO').is(':checked')).to.equal(true);
    expect($('#days-TU').is(':checked')).to.equal(false);
    expect($('label[for=days-MO]').text().replace(/\s+/g, ' ')).to.equal('Monday (3)');
    expect($('label[for=days-TU]').text().replace(/\s+/g, ' ')).to.equal('Tuesday (0)');
    expect($('input[name=days]')).to.have.length(2);
  });

  it('pagination marks the current page and names the links for screen readers', async () => {
    const pagination = {
      show: true,
      previous: '/search?page=1',
      next: '/search?page=3',
      items: [
        { number: 1, href: '/search?page=1', current: false },
        { number: 2, href: '/search?page=2', current: true },
        { gap: true },
        { number: 9, href: '/search?page=9', current: false },
      ],
    };
    const $ = await renderPartial('govuk/pagination', { pagination });
    expect($('nav').attr('aria-label')).to.equal('Results pages');
    expect($('a[aria-current=page]').text()).to.equal('2');
    expect($('a[aria-current]')).to.have.length(1);
    expect($('a[rel=prev]').attr('href')).to.equal('/search?page=1');
    expect($('a[rel=next]').attr('href')).to.equal('/search?page=3');
    expect($('.govuk-pagination__item--ellipses')).to.have.length(1);
    expect($('a[aria-label="Page 9"]').attr('href')).to.equal('/search?page=9');
  });
});
