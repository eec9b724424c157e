// The pages every public service must have, linked from every page's footer: the accessibility statement, the
// privacy notice and the cookies page (each built from the rules the directory runs by, never typed twice), and the
// contact page with its feedback form, which lands in the stewards' queue.
import { Router, type Response } from 'express';
import {
  AUTOMATED_CHECKS,
  auditedStateWords,
  EVERY_PAGE_STATE,
  KNOWN_ISSUES,
  PUBLIC_INFORMATION_PAGES,
  STANDARD,
  STATEMENT_PREPARED_ON,
} from '../../domain/accessibility.js';
import { retentionRules, SESSION_IDLE_HOURS } from '../../domain/retention.js';
import { FEEDBACK_TOPICS } from '../../services/feedback.js';
import { SHARE_LINK_LIFETIME_MS } from '../../services/handouts.js';
import type { Services } from '../../services/index.js';
import { feedbackForm, FEEDBACK_MAX_LENGTH } from '../forms/feedback.js';
import { choiceItems, field, firstInput, formState, readForm, type FormState } from '../forms/form-state.js';
import { clientAddress, enforceLimits } from '../middleware/rate-limit.js';
import { SESSION_COOKIE } from '../middleware/sessions.js';
import { paths } from '../paths.js';

const DAY_MS = 24 * 60 * 60 * 1000;

type FeedbackFields = { topic: string; message: string; email: string };

const hours = (n: number) => `${n} hour${n === 1 ? '' : 's'}`;

export function publicPageRoutes(services: Services): Router {
  const router = Router();
  const { operator } = services.settings;

  router.get(paths.accessibility, (_req, res) => {
    res.render('pages/accessibility', {
      title: 'Accessibility statement',
      operator,
      standard: STANDARD,
      preparedOn: STATEMENT_PREPARED_ON,
      issues: KNOWN_ISSUES,
      checks: AUTOMATED_CHECKS,
      suites: [
        {
          id: 'every-page-state',
          heading: 'Pages of the directory',
          states: EVERY_PAGE_STATE.map((state) => ({ ...state, text: auditedStateWords(state) })),
        },
        {
          id: 'public-information-pages',
          heading: 'This statement and the other information pages',
          states: PUBLIC_INFORMATION_PAGES.map((state) => ({ ...state, text: auditedStateWords(state) })),
        },
      ],
    });
  });

  router.get(paths.privacy, (_req, res) => {
    res.render('pages/privacy', {
      title: 'Privacy notice',
      operator,
      retention: Object.entries(retentionRules(services.settings.referralRetentionDays)).map(
        ([kind, rule]) => ({ kind, ...rule }),
      ),
      sessionHours: hours(SESSION_IDLE_HOURS),
      shareLinkDays: Math.round(SHARE_LINK_LIFETIME_MS / DAY_MS),
    });
  });

  router.get(paths.cookies, (_req, res) => {
    res.render('pages/cookies', {
      title: 'Cookies',
      cookieName: SESSION_COOKIE,
      sessionHours: hours(SESSION_IDLE_HOURS),
    });
  });

  const topicItems = (chosen: string) => choiceItems('topic', FEEDBACK_TOPICS, [chosen]);
  const contactPage = (res: Response, status: number, form: FormState<FeedbackFields>) =>
    res.status(status).render('pages/contact', {
      title: status === 400 ? 'Error: Contact the directory team' : 'Contact the directory team',
      operator,
      form,
      topics: topicItems(form.values.topic),
      maxLength: FEEDBACK_MAX_LENGTH,
    });
  const sent = (res: Response) => res.render('pages/contact-sent', { title: 'Message sent', operator });

  router.get(paths.contact, (_req, res) => {
    contactPage(res, 200, formState({ topic: '', message: '', email: '' }));
  });

  router.post(paths.contact, async (req, res) => {
    await enforceLimits(services, { feedbackAddress: clientAddress(req) });
    const typed = {
      topic: field(req.body, 'topic'),
      message: field(req.body, 'message'),
      email: field(req.body, 'email'),
    };
    // Bots fill in every field, people cannot see this one; they get the same thanks and nothing is stored.
    if (field(req.body, 'website')) return sent(res);
    const feedback = readForm(feedbackForm, typed);
    if (!feedback.ok) {
      contactPage(res, 400, formState(typed, feedback.errors, { topic: firstInput(topicItems('')) }));
      return;
    }
    await services.feedback.sendFeedback({
      topic: feedback.value.topic,
      message: feedback.value.message,
      replyEmail: feedback.value.email,
    });
    sent(res);
  });

  return router;
}
