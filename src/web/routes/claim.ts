// Finding your group: claiming an organisation already in the directory (from an import), or, when it is not there,
// asking for it to be added. Both are requests a steward approves.
import { Router, type Request, type Response } from 'express';
import { mustConfirmEmail } from '../../services/accounts.js';
import type { Services } from '../../services/index.js';
import { DECISION_WORDS } from '../../services/moderation.js';
import { field, formState, readForm, type FormState } from '../forms/form-state.js';
import { claimForm, claimSearch } from '../forms/manage.js';
import { newOrganisationForm } from '../forms/organisation-profile.js';
import { requireSignIn } from '../middleware/authorisation.js';
import { enforceLimits } from '../middleware/rate-limit.js';
import { paths } from '../paths.js';

type User = NonNullable<Request['user']>;

/** The link to ask for an organisation to be added, with the name searched for already typed in. */
const newOrganisationHref = (name: string) =>
  name.trim() ? `${paths.newOrganisation}?name=${encodeURIComponent(name.trim())}` : paths.newOrganisation;

export function claimRoutes(services: Services): Router {
  const router = Router();
  router.use(paths.claim, requireSignIn);
  router.use(paths.newOrganisation, requireSignIn);

  /** The organiser's claims and requests for new organisations, each with its state in words. */
  const requestsOf = async (user: User) => {
    const [claims, organisations] = await Promise.all([
      services.moderation.claimsOf(user),
      services.organisations.requestsOf(user),
    ]);
    return {
      claims: claims.map((c) => ({ ...c, statusWords: DECISION_WORDS[c.status] })),
      organisationRequests: organisations.map((r) => ({
        ...r,
        statusWords: DECISION_WORDS[r.status],
        manageHref: r.organizationId ? paths.manageOrganisation(r.organizationId) : null,
      })),
    };
  };

  const render = async (
    res: Response,
    user: User,
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
        // Found by an activity's name: say which, so the organiser recognises their group.
        name: match.matchedActivities.length
          ? `${match.name} (runs ${match.matchedActivities.join(', ')})`
          : match.name,
        checked: false,
      })),
      searched: q.trim().length >= 2,
      newOrganisationHref: newOrganisationHref(q),
      ...(await requestsOf(user)),
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

  type Typed = { name: string; description: string; email: string; website: string; checkedName: string };

  const renderNewOrganisation = async (
    res: Response,
    user: User,
    form: FormState<Typed>,
    options: { status?: number; similar?: Awaited<ReturnType<Services['organisations']['search']>> } = {},
  ) => {
    const status = options.status ?? 200;
    const similar = options.similar ?? [];
    res.status(status).render('pages/manage/new-organisation', {
      title: `${status === 400 ? 'Error: ' : ''}Add your organisation`,
      form,
      similar: similar.map((org) => ({
        ...org,
        claimHref: `${paths.claim}?q=${encodeURIComponent(org.name)}`,
      })),
      ...(await requestsOf(user)),
    });
  };

  router.get(paths.newOrganisation, async (req, res) => {
    const name = claimSearch.parse({ q: req.query.name }).q;
    await renderNewOrganisation(
      res,
      req.user!,
      formState({ name, description: '', email: '', website: '', checkedName: '' }),
    );
  });

  router.post(paths.newOrganisation, async (req, res) => {
    const typed: Typed = {
      name: field(req.body, 'name'),
      description: field(req.body, 'description'),
      email: field(req.body, 'email'),
      website: field(req.body, 'website'),
      checkedName: field(req.body, 'checkedName'),
    };
    const read = readForm(newOrganisationForm, typed, mustConfirmEmail(req.user!));
    if (!read.ok) {
      await renderNewOrganisation(res, req.user!, formState(typed, read.errors), { status: 400 });
      return;
    }
    const { checkedName, ...profile } = read.value;
    // Organisations already listed under a close name are shown once, with the way to claim them instead.
    if (checkedName.toLowerCase() !== profile.name.toLowerCase()) {
      const similar = await services.organisations.search(profile.name);
      if (similar.length) {
        await renderNewOrganisation(res, req.user!, formState({ ...typed, checkedName: profile.name }), {
          similar,
        });
        return;
      }
    }
    await enforceLimits(services, { organisationRequestAccount: req.user!.id });
    const result = await services.organisations.requestOrganisation(req.user!, profile);
    if (result.errors.length) {
      await renderNewOrganisation(res, req.user!, formState(typed, result.errors), { status: 400 });
      return;
    }
    req.session.flash = `Thank you. A steward will check ${profile.name}; once they approve it you can add its activities. We will email you.`;
    res.redirect(paths.claim);
  });

  return router;
}
