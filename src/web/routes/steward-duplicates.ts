// Possible duplicates for stewards: the pairs waiting, each read side by side with the matcher's reasons and
// merged ("Same activity") or kept apart ("Different activities"); and the merged pairs, each of which can be split.
import { Router, type Request } from 'express';
import type { DecisionOutcome, ListingMergeRecord } from '../../services/duplicates.js';
import type { Services } from '../../services/index.js';
import { NotFoundError } from '../errors.js';
import { requireRole } from '../middleware/authorisation.js';
import { paths } from '../paths.js';

const STATUS_WORDS: Record<ListingMergeRecord['status'], { text: string; colour: string }> = {
  waiting: { text: 'Waiting', colour: 'yellow' },
  merged: { text: 'Merged', colour: 'green' },
  'kept-apart': { text: 'Kept apart', colour: 'grey' },
  split: { text: 'Split', colour: 'grey' },
};

/** A pair as the lists show it. */
const shownPair = (merge: ListingMergeRecord) => ({
  ...merge,
  href: paths.stewardDuplicate(merge.id),
  score: Math.round(merge.score * 10) / 10,
});

const MISSING = 'There is no such pair of listings.';
const ALREADY = 'Another steward has already decided this pair.';
const SUPERSEDED =
  'Not merged: one of these listings has since been merged with another listing. Split that merge first if this pair is the right one.';

export function stewardDuplicateRoutes(services: Services): Router {
  const router = Router();
  const { duplicates } = services;
  router.use(paths.stewardDuplicates, requireRole('steward'));

  router.get(paths.stewardDuplicates, async (_req, res) => {
    res.render('pages/steward/duplicates', {
      title: 'Possible duplicates',
      pairs: (await duplicates.waiting()).map(shownPair),
    });
  });

  router.get(paths.stewardMergedListings, async (_req, res) => {
    res.render('pages/steward/duplicates-merged', {
      title: 'Merged listings',
      pairs: (await duplicates.merged()).map(shownPair),
    });
  });

  router.get(paths.stewardDuplicatePattern, async (req, res) => {
    const found = await duplicates.comparison(String(req.params.mergeId));
    if (!found) throw new NotFoundError(MISSING);
    const { merge } = found;
    res.render('pages/steward/duplicates-pair', {
      title:
        merge.status === 'merged' ? `Merged: ${merge.keptName}` : `Possible duplicate: ${merge.keptName}`,
      ...found,
      merge: shownPair(merge),
      statusTag: STATUS_WORDS[merge.status],
      waiting: merge.status === 'waiting',
      merged: merge.status === 'merged',
      keptLabel: merge.status === 'merged' ? 'Kept listing' : 'Listing A',
      mergedLabel: merge.status === 'merged' ? 'Merged listing' : 'Listing B',
      keptHref: paths.activity(merge.keptServiceId),
      mergedHref: paths.activity(merge.mergedServiceId),
      auditHref: `${paths.stewardAudit}?entity=service&id=${encodeURIComponent(merge.mergedServiceId)}`,
      mergeAction: paths.stewardMergeDuplicate(merge.id),
      keepApartAction: paths.stewardKeepApart(merge.id),
      splitAction: paths.stewardSplitListings(merge.id),
      back: merge.status === 'merged' ? paths.stewardMergedListings : paths.stewardDuplicates,
    });
  });

  /** The decision's outcome as the next page says it. */
  const decided = (req: Request, outcome: DecisionOutcome, done: string) => {
    if (outcome === 'missing') throw new NotFoundError(MISSING);
    req.session.flash = outcome === 'done' ? done : outcome === 'superseded' ? SUPERSEDED : ALREADY;
  };

  router.post(paths.stewardMergeDuplicatePattern, async (req, res) => {
    const id = String(req.params.mergeId);
    decided(
      req,
      await duplicates.merge(req.user!, id),
      'Merged: the two are now one listing, which shows the sources of both.',
    );
    res.redirect(paths.stewardDuplicates);
  });

  router.post(paths.stewardKeepApartPattern, async (req, res) => {
    const id = String(req.params.mergeId);
    decided(
      req,
      await duplicates.keepApart(req.user!, id),
      'Kept apart: both stay listed, and the pair is not suggested again.',
    );
    res.redirect(paths.stewardDuplicates);
  });

  router.post(paths.stewardSplitListingsPattern, async (req, res) => {
    const id = String(req.params.mergeId);
    decided(req, await duplicates.split(req.user!, id), 'Split: both listings are listed again.');
    res.redirect(paths.stewardMergedListings);
  });

  return router;
}
