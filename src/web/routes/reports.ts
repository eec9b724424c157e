// Reports for stewards and link workers (aggregates only, no personal data): coverage, referrals,
// freshness and the gap map of searches that found nothing, with a CSV download.
import { Router, type Request } from 'express';
import type { GapPeriod } from '../../services/reports.js';
import type { Services } from '../../services/index.js';
import { csvDocument } from '../csv.js';
import { parseOrReject } from '../forms/form-state.js';
import { periodForm } from '../forms/reports.js';
import { requireRole } from '../middleware/authorisation.js';
import { paths } from '../paths.js';

/** The period asked for in ?from=&to=, defaulting to the last 90 days; a bad date is a 400 naming it. */
const gapPeriod = (req: Request): GapPeriod => parseOrReject(periodForm, req.query);

export function reportRoutes(services: Services): Router {
  const router = Router();
  router.use(paths.reports, requireRole('steward', 'link_worker'));

  router.get(paths.reports, async (req, res) => {
    const period = gapPeriod(req);
    const [overview, gaps] = await Promise.all([services.reports.overview(), services.reports.gaps(period)]);
    const circles = new Map<
      string,
      { outcode: string; lat: number; lng: number; count: number; needs: string[] }
    >();
    for (const gap of gaps) {
      if (gap.latitude === null || gap.longitude === null) continue;
      const circle = circles.get(gap.outcode) ?? {
        outcode: gap.outcode,
        lat: gap.latitude,
        lng: gap.longitude,
        count: 0,
        needs: [],
      };
      circle.count += gap.searches;
      circle.needs.push(`${gap.needName}: ${gap.searches}`);
      circles.set(gap.outcode, circle);
    }
    const csvQuery = new URLSearchParams({ from: period.from, to: period.to }).toString();
    res.render('pages/reports', {
      title: 'Reports',
      overview,
      gaps,
      period,
      circles: [...circles.values()],
      csvPath: `${paths.gapsCsv}?${csvQuery}`,
      leaflet: circles.size > 0,
      gapMap: circles.size > 0,
      referralRequests: await services.referralRequests.report(),
    });
  });

  router.get(paths.gapsCsv, async (req, res) => {
    const period = gapPeriod(req);
    const gaps = await services.reports.gaps(period);
    const body = csvDocument(
      ['need_code', 'need', 'postcode_district', 'area', 'latitude', 'longitude', 'searches_with_no_results'],
      gaps.map((g) => [g.need, g.needName, g.outcode, g.area, g.latitude, g.longitude, g.searches]),
    );
    res.type('text/csv; charset=utf-8');
    res.attachment(`search-gaps-${period.from}-to-${period.to}.csv`);
    res.send(body);
  });

  return router;
}
