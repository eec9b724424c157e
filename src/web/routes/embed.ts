// The search other sites embed (a GP practice, a PCN, a council): a compact page of the same search, framed by
// their page, with no session and no cookie; the script that frames it; and the page telling site owners how.
import { Router } from 'express';
import path from 'node:path';
import { projectRoot } from '../../config.js';
import type { Services } from '../../services/index.js';
import type { SearchOutcome } from '../../services/search-directory.js';
import {
  accentColours,
  embedHref,
  embedPagination,
  embedSnippets,
  hiddenFields,
  parseEmbedOptions,
} from '../embed-view.js';
import { directoryQuery, hasCriteria, parseSearchForm, searchQueryString } from '../forms/search.js';
import { paths } from '../paths.js';
import { describeSearch, formView } from '../search-view.js';

const PER_PAGE = 10;
const NOT_SEARCHED: SearchOutcome = { searched: false, location: null, locationProblem: null, result: null };
const EMBED_SCRIPT = path.join(projectRoot, 'static/js/embed.js');
/** The boxes the embedded form has; a problem with any other parameter is said without a link to a box. */
const EMBED_FIELDS = ['q', 'where'];

export function embedRoutes(services: Services): Router {
  const router = Router();

  router.get(paths.embed, async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const { form, errors } = parseSearchForm(query);
    const options = parseEmbedOptions(query, form);
    const asked = hasCriteria(form) || errors.length > 0;
    const outcome = asked
      ? await services.searchDirectory(directoryQuery(form), { perPage: PER_PAGE })
      : NOT_SEARCHED;
    const problems = outcome.locationProblem
      ? [...errors, { field: 'where', message: outcome.locationProblem.message }]
      : errors;
    if (errors.length || (outcome.locationProblem && !outcome.searched)) res.status(400);
    const view = formView(form, problems);
    const total = outcome.result?.total ?? 0;
    res.render('pages/embed', {
      layout: 'embed',
      title: form.where ? `Activities near ${form.where}` : 'Find local activities',
      form: {
        ...view,
        errors: view.errors.map((e) => (EMBED_FIELDS.includes(e.field) ? e : { ...e, href: null })),
      },
      options,
      hints: options.compact
        ? {}
        : { q: 'For example: walking, art, lonely, carers', where: 'Postcode, like BS5 6AW, or place name' },
      accent: options.accent ? accentColours(options.accent) : null,
      hidden: hiddenFields(form, options),
      outcome,
      hits: outcome.result?.hits ?? [],
      total,
      description: describeSearch(form, outcome),
      suggestions: (outcome.locationProblem?.suggestions ?? []).map((place) => ({
        place,
        href: embedHref({ ...form, where: place, page: 1 }, options),
      })),
      pagination: embedPagination(form, options, total, PER_PAGE),
      searchAllHref: `${paths.search}?${searchQueryString({ ...form, page: 1 })}`,
    });
  });

  // Loaded by other sites' pages, so it is cached by them for an hour and carries no cookie.
  router.get(paths.embedScript, (_req, res) => {
    res.sendFile(EMBED_SCRIPT, {
      maxAge: '1h',
      headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
    });
  });

  router.get(paths.embedHelp, (req, res) => {
    const query = req.query as Record<string, unknown>;
    // An example place until the site owner types theirs, so the preview shows results at once.
    const asked = Object.keys(query).length > 0;
    const { form, errors } = parseSearchForm(asked ? query : { where: services.settings.defaultPlace ?? '' });
    const options = parseEmbedOptions(query, form);
    const accentTyped = typeof query.accent === 'string' ? query.accent.trim() : '';
    const accentProblem =
      accentTyped && !options.accent
        ? [
            {
              field: 'accent',
              message:
                'Accent colour must be 6 hexadecimal digits, like 1d70b8, dark enough for white text (4.5:1 contrast)',
            },
          ]
        : [];
    const problems = [...errors.filter((e) => EMBED_FIELDS.includes(e.field)), ...accentProblem];
    if (problems.length) res.status(400);
    const view = formView(form, problems);
    res.render('pages/embed-help', {
      title: 'Put the search on your website',
      form: {
        ...view,
        values: { accent: accentTyped },
        fixedOptions: [
          { id: 'field-fixed', code: 'where', name: 'Keep the place fixed', checked: options.fixed.where },
          { id: 'field-fixed-q', code: 'q', name: 'Keep the words fixed', checked: options.fixed.q },
        ],
        compactOptions: [{ id: 'field-compact', code: '1', name: 'Compact', checked: options.compact }],
      },
      snippets: embedSnippets(services.settings.baseUrl, form, options),
      baseUrl: services.settings.baseUrl,
      previewHref: embedHref({ ...form, page: 1 }, options),
      preview: {
        where: form.where,
        q: form.q,
        accent: options.accent,
        compact: options.compact,
        fixed: (['q', 'where'] as const).filter((name) => options.fixed[name]).join(','),
      },
    });
  });

  return router;
}
