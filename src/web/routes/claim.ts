// Claiming an organisation already in the directory (from an import): a request a steward approves.
import { Router } from 'express';
import { mustConfirmEmail } from '../../services/accounts.js';
import type { Services } from '../../services/index.js';
import { field, formState, readForm } from '../forms/form-state.js';
import { claimForm, claimSearch } from '../forms/manage.js';
import { requireSignIn } from '../middleware/authorisation.js';
import { enforceLimits } from '../middleware/rate-limit.js';
import { paths } from '../paths.js';

export function claimRoutes(services: Services): Router {
  const router = Router();
  router.use(paths.claim, requireSignIn);

  const render = async (
    res: import('express').Response,
    user: NonNullable<import('express').Request['user']>,
    q: string,
    form = formState({ message: '' }),
    status = 200,
  ) => {
    const matches = q.trim().length >= 2 ? await services.organisations.search(q.trim()) : [];
    res.status(status).render('pages/manage/claim', {
      title: `${status === 400 ? 'Error: ' : ''}Find your group`,
      q,
      matches,
      matchOptions: matches.map((match, index) => ({
        id: `organisation-${index}`,
        code: match.id,
        name: match.name,
        checked: false,
      })),
      searched: q.trim().length >= 2,
      claims: await services.moderation.claimsOf(user),
      form,
    });
  };

  router.get(paths.claim, async (req, res) => {
    await render(res, req.user!, claimSearch.parse(req.query).q);
  });

  router.post(paths.claim, async (req, res) => {
    const organisationId = field(req.body, 'organisation');
    const message = field(req.body, 'message');
    await enforceLimits(services, { claimAccount: req.user!.id });
    const org = await services.organisations.find(organisationId);
    const claim = readForm(
      claimForm,
      { message },
      org
        ? mustConfirmEmail(req.user!)
        : [{ field: 'organisation', message: 'Choose your organisation from the list' }],
    );
    const errors = claim.ok
      ? await services.moderation.requestClaim(req.user!, org!.id, claim.value.message)
      : claim.errors;
    if (errors.length) {
      const form = formState({ message }, errors, { organisation: '#organisation-0' });
      await render(res, req.user!, field(req.body, 'q'), form, 400);
      return;
    }
    req.session.flash = `Thank you. A steward will check your request to manage ${org!.name}.`;
    res.redirect(paths.manage);
  });

  return router;
}
