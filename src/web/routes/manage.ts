// Organisers' pages: their organisations and the activity editor (one activity's own page: manage-activity.ts).
import { Router, type Request, type Response } from 'express';
import { buildSchedules, type BuiltSchedule } from '../../domain/schedule/builder.js';
import { mustConfirmEmail } from '../../services/accounts.js';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import {
  checkActivityForm,
  emptyActivityForm,
  readActivityForm,
  type ActivityForm,
} from '../forms/activity-form.js';
import { activityFormView } from '../forms/activity-form-view.js';
import { field, formState, readForm, type FormError } from '../forms/form-state.js';
import { profileForm } from '../forms/organisation-profile.js';
import { requireSignIn } from '../middleware/authorisation.js';
import { paths } from '../paths.js';
import { managedActivity, NOT_YOURS } from './manage-activity.js';

export function manageRoutes(services: Services): Router {
  const router = Router();
  const editor = services.listingsEditor;
  router.use(paths.manage, requireSignIn);

  router.get(paths.manage, async (req, res) => {
    const [organisations, claims, requests] = await Promise.all([
      services.accounts.memberships(req.user!.id),
      services.moderation.claimsOf(req.user!),
      services.organisations.requestsOf(req.user!),
    ]);
    // Requests still waiting for a steward, so someone with no organisation yet sees that one is on its way.
    const waiting = [...claims, ...requests].filter((r) => r.status === 'pending').length;
    res.render('pages/manage/index', { title: 'Your listings', organisations, waiting });
  });

  const organisation = async (req: Request) => {
    const org = await editor.organisationFor(req.user!, String(req.params.orgId));
    if (!org) throw new NotFoundError(NOT_YOURS);
    return org;
  };

  const renderOrganisation = async (
    res: Response,
    org: Awaited<ReturnType<typeof organisation>>,
    status: number,
    typed?: ReturnType<typeof formState>,
  ) => {
    const [overview, profileDraft, claims] = await Promise.all([
      editor.organisationOverview(org.id),
      services.organisations.profileDraftForOrganiser(org.id),
      services.moderation.claimsOnOrganisation(org.id),
    ]);
    // A change waiting (or just rejected) is shown as typed, beside what the directory shows meanwhile.
    const profile = typed ?? formState({ ...org, ...profileDraft?.proposed });
    res.status(status).render('pages/manage/organisation', {
      title: status === 400 ? `Error: ${org.name}` : org.name,
      organisation: org,
      form: profile,
      profileDraft,
      claims,
      ...overview,
      pendingDrafts: overview.drafts.filter((d) => d.status === 'pending'),
      decidedDrafts: overview.drafts.filter((d) => d.status !== 'pending').slice(0, 10),
    });
  };

  router.get(paths.manageOrganisationPattern, async (req, res) => {
    await renderOrganisation(res, await organisation(req), 200);
  });

  router.post(paths.manageOrganisationPattern, async (req, res) => {
    const org = await organisation(req);
    const typed = {
      name: field(req.body, 'name'),
      description: field(req.body, 'description'),
      email: field(req.body, 'email'),
      website: field(req.body, 'website'),
    };
    const profile = readForm(profileForm, typed, mustConfirmEmail(req.user!));
    const result = profile.ok
      ? await services.organisations.updateProfile(req.user!, org, profile.value)
      : { errors: profile.errors, published: false };
    if (result.errors.length) {
      await renderOrganisation(res, org, 400, formState(typed, result.errors));
      return;
    }
    req.session.flash = result.published
      ? 'Your organisation profile has been saved.'
      : 'Thank you. A steward will check the changes to your profile; until then the directory shows it as before.';
    res.redirect(paths.manageOrganisation(org.id));
  });

  router.post(paths.claimConcernPattern, async (req, res) => {
    const org = await organisation(req);
    if (!(await services.moderation.raiseClaimConcern(req.user!, org.id, String(req.params.claimId))))
      throw new NotFoundError('That request has already been decided, or does not exist.');
    req.session.flash = 'Thank you. The steward will see that you do not know who asked before deciding.';
    res.redirect(paths.manageOrganisation(org.id));
  });

  const renderEditor = async (
    res: Response,
    options: {
      form: ActivityForm;
      errors: FormError[];
      action: string;
      heading: string;
      organisationName: string;
      preview: boolean;
      status?: number;
    },
  ) => {
    // The dates are previewed whenever the schedule part of the form is right, even beside other problems.
    let preview = null;
    if (options.preview) {
      const built = buildSchedules(options.form);
      if (built.problems.length === 0) preview = editor.previewSchedules(built.schedules, new Date());
    }
    res.status(options.status ?? (options.errors.length ? 400 : 200)).render('pages/manage/activity-form', {
      title: `${options.errors.length ? 'Error: ' : ''}${options.heading}`,
      heading: options.heading,
      action: options.action,
      organisationName: options.organisationName,
      ...activityFormView(options.form, options.errors, preview),
    });
  };

  router.get(paths.newActivityPattern, async (req, res) => {
    const org = await organisation(req);
    await renderEditor(res, {
      form: emptyActivityForm(),
      errors: [],
      action: paths.newActivity(org.id),
      heading: 'Add an activity',
      organisationName: org.name,
      preview: false,
    });
  });

  const handleEditorPost = async (
    req: Request,
    res: Response,
    orgId: string,
    orgName: string,
    serviceId: string | null,
    path: string,
    heading: string,
  ) => {
    const form = readActivityForm(req.body);
    const action = field(req.body, 'action');
    const showAgain = (errors: FormError[], preview = false) =>
      renderEditor(res, { form, errors, action: path, heading, organisationName: orgName, preview });
    // Without JavaScript, choosing a radio shows its questions only once the form comes back: nothing is checked.
    if (action === 'reveal') return showAgain([]);
    if (action === 'preview') {
      // Every problem of the form, as sending it would report them, beside the preview of the dates.
      const checked = await checkActivityForm(form, editor.findPostcode, mustConfirmEmail(req.user!));
      return showAgain(checked.errors, true);
    }
    const checked = await checkActivityForm(form, editor.findPostcode, mustConfirmEmail(req.user!));
    if (!checked.ok) return showAgain(checked.errors);
    const result = await editor.submit(req.user!, orgId, serviceId, checked.value);
    if (result.errors.length) return showAgain(result.errors);
    req.session.flash = result.published
      ? 'Your changes are published.'
      : 'Thank you. A steward will check your activity and it will appear in the directory once approved.';
    res.redirect(result.published ? paths.manageActivity(result.serviceId!) : paths.draft(result.draftId!));
  };

  router.post(paths.newActivityPattern, async (req, res) => {
    const org = await organisation(req);
    await handleEditorPost(req, res, org.id, org.name, null, paths.newActivity(org.id), 'Add an activity');
  });

  const activity = (req: Request) => managedActivity(services, req);

  router.get(paths.editActivityPattern, async (req, res) => {
    const found = await activity(req);
    const stored = await editor.formFor(found.id);
    const form = stored ? readActivityForm(stored) : { ...emptyActivityForm(), name: found.name };
    await renderEditor(res, {
      form,
      errors: [],
      action: paths.editActivity(found.id),
      heading: `Change ${found.name}`,
      organisationName: '',
      preview: false,
    });
  });

  router.post(paths.editActivityPattern, async (req, res) => {
    const found = await activity(req);
    await handleEditorPost(
      req,
      res,
      found.organizationId!,
      '',
      found.id,
      paths.editActivity(found.id),
      `Change ${found.name}`,
    );
  });

  /** A proposed new activity not yet published (waiting, or rejected with a reason) can be changed and re-sent. */
  const unpublishedDraft = async (req: Request) => {
    const draft = await editor.draftFor(req.user!, String(req.params.draftId));
    if (!draft || !draft.isNew) throw new NotFoundError(NOT_YOURS);
    return draft;
  };

  router.get(paths.editDraftPattern, async (req, res) => {
    const draft = await unpublishedDraft(req);
    await renderEditor(res, {
      form: readActivityForm(draft.form),
      errors: [],
      action: paths.editDraft(draft.id),
      heading: `Change ${String(draft.document.name)}`,
      organisationName: draft.organizationName,
      preview: false,
    });
  });

  router.post(paths.editDraftPattern, async (req, res) => {
    const draft = await unpublishedDraft(req);
    await handleEditorPost(
      req,
      res,
      draft.organizationId,
      draft.organizationName,
      draft.serviceId,
      paths.editDraft(draft.id),
      `Change ${String(draft.document.name)}`,
    );
  });

  router.get(paths.draftPattern, async (req, res) => {
    const draft = await editor.draftFor(req.user!, String(req.params.draftId));
    if (!draft) throw new NotFoundError(NOT_YOURS);
    res.render('pages/manage/draft', {
      title: `Your change to ${String(draft.document.name)}`,
      draft,
      form: readActivityForm(draft.form),
      when: editor.previewSchedules((draft.document.schedules ?? []) as BuiltSchedule[], new Date()),
    });
  });

  return router;
}
