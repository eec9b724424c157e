// "What's on": sessions near a place today, tomorrow or this week, in time order and grouped by day.
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import { SESSIONS_SHOWN } from '../../services/whats-on.js';
import { parseWhatsOnForm } from '../forms/whats-on.js';
import { paths } from '../paths.js';
import { whatsOnDays, whatsOnFormView, whatsOnSuggestions } from '../whats-on-view.js';

export function whatsOnRoutes(services: Services): Router {
  const router = Router();
  router.get(paths.whatsOn, async (req, res) => {
    const { form, errors, asked } = parseWhatsOnForm(req.query as Record<string, unknown>);
    const answer =
      form.where && !errors.length
        ? await services.whatsOn({ place: form.where, radiusMiles: form.radius, when: form.when })
        : null;
    const problems = answer?.locationProblem
      ? [...errors, { field: 'where', message: answer.locationProblem.message }]
      : errors;
    if (asked && problems.length) res.status(400);
    const listed = Boolean(answer?.location);
    res.render('pages/whats-on', {
      title: `${problems.length ? 'Error: ' : ''}What's on${listed ? ` near ${answer!.location!.label}` : ''}`,
      form: whatsOnFormView(form, problems),
      listed,
      answer,
      days: answer ? whatsOnDays(answer) : [],
      shownLimit: SESSIONS_SHOWN,
      suggestions: whatsOnSuggestions(answer?.locationProblem ?? null, form),
      searchHref: `${paths.search}?${new URLSearchParams({ where: form.where, radius: String(form.radius), when: form.when })}`,
    });
  });
  return router;
}
