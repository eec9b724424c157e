// One activity's page.
import { Router } from 'express';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { paths } from '../paths.js';

export function activityRoutes(services: Services): Router {
  const router = Router();
  router.get(paths.activityPattern, async (req, res) => {
    const id = String(req.params.id);
    const activity = await services.activityDetails(id);
    // A listing merged into another (the same activity from another source) shows as that one. (Postgres text
    // cannot hold NUL, so no listing has an id with one, and asking would be an error.)
    const kept = activity || id.includes('\0') ? null : await services.duplicates.keptListingOf(id);
    if (kept) return res.redirect(paths.activity(kept));
    if (!activity)
      throw new NotFoundError('We could not find that activity. It may have closed or been removed.');
    const back =
      typeof req.query.back === 'string' && req.query.back.startsWith('/search?') ? req.query.back : null;
    const mapPoints = activity.locations
      .filter((l) => l.latitude !== null && l.longitude !== null)
      .map((l) => ({ id: l.id, name: l.name ?? activity.name, lat: l.latitude, lng: l.longitude }));
    res.render('pages/activity', {
      title: activity.name,
      activity,
      back,
      mapPoints,
      leaflet: mapPoints.length > 0,
      // "Refer someone": for link workers, when the activity's group takes referrals.
      referHref:
        req.user?.role === 'link_worker' && (await services.referralRequests.target(activity.id))
          ? paths.referActivity(activity.id)
          : null,
    });
  });
  return router;
}
