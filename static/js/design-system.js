// Starts the design system's scripts: error summary focus, character counts, the menu on phones, and (only on
// pages that have them) MoJ Frontend's sortable tables. Every page works without them.
import { initAll } from '/vendor/govuk-frontend/govuk-frontend.min.js';

initAll();
if (document.querySelector('[data-module^="moj-"]')) {
  import('/vendor/moj-frontend/moj-frontend.min.js').then(function (moj) {
    moj.initAll();
  });
}
