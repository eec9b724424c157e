// Saved lists: a link worker's or steward's shortlists kept under a name of their own, reopened as the shortlist
// (where the handout, share link and printing work as ever), with what changed or closed since they were saved.
import { Router, type Request, type Response } from 'express';
import { readShortlist } from '../../domain/shortlist.js';
import { SAVED_LIST_ITEMS_MAX, SAVED_LIST_NAME_MAX, SAVED_LISTS_MAX } from '../../domain/saved-list.js';
import type { SavedListRecord } from '../../services/saved-lists.js';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { field, formState, parseOrReject, type FormError } from '../forms/form-state.js';
import { openForm, removeForm } from '../forms/saved-lists.js';
import { requireRole } from '../middleware/authorisation.js';
import { paths } from '../paths.js';

const NO_LIST = 'We could not find that saved list. It may have been deleted.';
const NAME_HINT =
  'For example, “Tues clinic 3”. Do not use the person’s name or anything that could identify them, such as ' +
  'their NHS number, postcode, email address or phone number.';

const ownerOf = (req: Request) => req.user!.id;
const listIdOf = (req: Request) => String(req.params.listId);

export function savedListRoutes(services: Services): Router {
  const router = Router();
  router.use(paths.savedLists, requireRole('link_worker', 'steward'));

  /** The owner's list named in the path, or a 404 whether it is someone else's or does not exist. */
  async function ownList(req: Request): Promise<SavedListRecord> {
    const list = await services.savedLists.find(ownerOf(req), listIdOf(req));
    if (!list) throw new NotFoundError(NO_LIST);
    return list;
  }

  async function renderSave(
    req: Request,
    res: Response,
    typed: { name?: string; list?: string } = {},
    errors: FormError[] = [],
  ) {
    const shortlist = readShortlist(req.session.shortlist);
    if (shortlist.length === 0) {
      req.session.flash = 'Your shortlist is empty. Add activities to it before saving it as a list.';
      return res.redirect(303, paths.shortlist);
    }
    const lists = await services.savedLists.lists(ownerOf(req));
    if (errors.length) res.status(400);
    res.render('pages/saved-lists/save', {
      title: errors.length ? 'Error: Save this list' : 'Save this list',
      form: formState({ name: typed.name ?? '', list: typed.list ?? '' }, errors),
      count: shortlist.length,
      hasNotes: shortlist.some((item) => item.note !== ''),
      nameHint: NAME_HINT,
      nameMax: SAVED_LIST_NAME_MAX,
      lists: lists.map((list) => ({
        code: list.id,
        name: `${list.name} (${list.count} of ${SAVED_LIST_ITEMS_MAX})`,
        checked: list.id === typed.list,
      })),
    });
  }

  router.get(paths.savedLists, async (req, res) => {
    const lists = await services.savedLists.lists(ownerOf(req));
    res.render('pages/saved-lists/index', {
      title: 'Your saved lists',
      lists: lists.map((list) => ({ ...list, path: paths.savedList(list.id) })),
      listsMax: SAVED_LISTS_MAX,
      atLimit: lists.length >= SAVED_LISTS_MAX,
    });
  });

  router.get(paths.saveShortlist, async (req, res) => {
    await renderSave(req, res);
  });

  router.post(paths.saveShortlist, async (req, res) => {
    const name = field(req.body, 'name');
    const saved = await services.savedLists.save(ownerOf(req), name, readShortlist(req.session.shortlist));
    if (!saved.ok) return renderSave(req, res, { name }, [{ field: 'name', message: saved.message }]);
    req.session.flash = saved.message;
    res.redirect(303, paths.savedList(saved.id));
  });

  router.post(paths.addShortlistToSavedList, async (req, res) => {
    const list = field(req.body, 'list');
    const added = await services.savedLists.addTo(ownerOf(req), list, readShortlist(req.session.shortlist));
    if (!added.ok) return renderSave(req, res, { list }, [{ field: 'list', message: added.message }]);
    req.session.flash = added.message;
    res.redirect(303, paths.savedList(added.id));
  });

  router.get(paths.savedListPattern, async (req, res) => {
    const list = await ownList(req);
    const changed = list.items.filter((item) => item.changed || !item.listed).length;
    // The referral loop: the latest status of this link worker's referral to each, and where groups take them.
    const ids = list.items.map((item) => item.serviceId);
    const linkWorker = req.user!.role === 'link_worker';
    const referred = linkWorker ? await services.referralRequests.latestStatuses(req.user!, ids) : new Map();
    const referable = new Set(linkWorker ? await services.referralRequests.referable(ids) : []);
    res.render('pages/saved-lists/list', {
      title: list.name,
      list,
      items: list.items.map((item) => ({
        ...item,
        activityPath: paths.activity(item.serviceId),
        referralStatus: referred.get(item.serviceId) ?? null,
        referHref: referable.has(item.serviceId) ? paths.referActivity(item.serviceId) : null,
      })),
      changed,
      listedCount: list.items.filter((item) => item.listed).length,
      openReplaces: readShortlist(req.session.shortlist).length,
      openPath: paths.openSavedList(list.id),
      removePath: paths.removeFromSavedList(list.id),
      seenPath: paths.markSavedListSeen(list.id),
      renamePath: paths.renameSavedList(list.id),
      deletePath: paths.deleteSavedList(list.id),
    });
  });

  router.post(paths.openSavedListPattern, async (req, res) => {
    const { then } = parseOrReject(openForm, req.body ?? {});
    const list = await ownList(req);
    const shortlist = services.savedLists.asShortlist(list);
    req.session.shortlist = shortlist;
    const left = list.items.length - shortlist.length;
    if (then === 'handout' && shortlist.length) return res.redirect(303, paths.shortlistHandout);
    req.session.flash =
      `Your shortlist is now “${list.name}”.` +
      (left
        ? ` ${left} of its activities ${left === 1 ? 'is' : 'are'} no longer listed and ${left === 1 ? 'was' : 'were'} left out.`
        : '');
    res.redirect(303, paths.shortlist);
  });

  router.post(paths.removeFromSavedListPattern, async (req, res) => {
    const { id } = parseOrReject(removeForm, req.body ?? {});
    const list = await ownList(req);
    const item = list.items.find((entry) => entry.serviceId === id);
    if (!item || !(await services.savedLists.removeItem(ownerOf(req), list.id, id)))
      throw new NotFoundError('That activity is not on this list.');
    req.session.flash = `Removed ${item.name ?? 'the activity that is no longer listed'} from “${list.name}”.`;
    res.redirect(303, paths.savedList(list.id));
  });

  router.post(paths.markSavedListSeenPattern, async (req, res) => {
    const list = await ownList(req);
    await services.savedLists.markSeen(ownerOf(req), list.id);
    req.session.flash = 'Changes marked as seen. Only changes from now on will be shown.';
    res.redirect(303, paths.savedList(list.id));
  });

  const renderRename = (res: Response, list: SavedListRecord, name: string, errors: FormError[] = []) => {
    if (errors.length) res.status(400);
    res.render('pages/saved-lists/rename', {
      title: errors.length ? `Error: Rename “${list.name}”` : `Rename “${list.name}”`,
      list,
      form: formState({ name }, errors),
      nameHint: NAME_HINT,
      nameMax: SAVED_LIST_NAME_MAX,
      listPath: paths.savedList(list.id),
      renamePath: paths.renameSavedList(list.id),
    });
  };

  router.get(paths.renameSavedListPattern, async (req, res) => {
    const list = await ownList(req);
    renderRename(res, list, list.name);
  });

  router.post(paths.renameSavedListPattern, async (req, res) => {
    const list = await ownList(req);
    const name = field(req.body, 'name');
    const renamed = await services.savedLists.rename(ownerOf(req), list.id, name);
    if (!renamed) throw new NotFoundError(NO_LIST);
    if (!renamed.ok) return renderRename(res, list, name, [{ field: 'name', message: renamed.message }]);
    req.session.flash = renamed.message;
    res.redirect(303, paths.savedList(list.id));
  });

  router.get(paths.deleteSavedListPattern, async (req, res) => {
    const list = await ownList(req);
    res.render('pages/saved-lists/delete', {
      title: `Delete “${list.name}”?`,
      list,
      listPath: paths.savedList(list.id),
      deletePath: paths.deleteSavedList(list.id),
    });
  });

  router.post(paths.deleteSavedListPattern, async (req, res) => {
    const list = await ownList(req);
    if (!(await services.savedLists.remove(ownerOf(req), list.id))) throw new NotFoundError(NO_LIST);
    req.session.flash = `Deleted “${list.name}”.`;
    res.redirect(303, paths.savedLists);
  });

  return router;
}
