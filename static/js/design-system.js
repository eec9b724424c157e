// Starts the design system's scripts: error summary focus, character counts, conditional reveals, the menu on
// phones, and (only on pages that have them) MoJ Frontend's sortable tables. Every page works without them.
import { initAll } from '/vendor/govuk-frontend/govuk-frontend.min.js';

// Without this script the server shows only the chosen radio's questions (the rest are `hidden`) and a button posts
// the form back to show another's; with it, every part is in the page and GOV.UK Frontend reveals each as chosen.
document.querySelectorAll('.govuk-radios__conditional[hidden]').forEach(function (part) {
  part.removeAttribute('hidden');
});
document.querySelectorAll('.app-reveal-button').forEach(function (button) {
  button.remove();
});

initAll();

// GOV.UK Frontend marks a radio that reveals a part aria-expanded, which ARIA does not allow on a radio
// (alphagov/govuk-frontend#979); the part itself is shown or hidden, so the attribute is taken off after each change.
function unmarkRevealingRadios() {
  document.querySelectorAll('.govuk-radios__input[aria-expanded]').forEach(function (radio) {
    radio.removeAttribute('aria-expanded');
  });
}
unmarkRevealingRadios();
document.addEventListener('click', unmarkRevealingRadios);
window.addEventListener('pageshow', unmarkRevealingRadios);

if (document.querySelector('[data-module^="moj-"]')) {
  import('/vendor/moj-frontend/moj-frontend.min.js').then(function (moj) {
    moj.initAll();
  });
}
