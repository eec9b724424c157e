// The judged queries: what a link worker would type into the search form, and how well each listing
// found for it fits (0 not relevant … 3 exactly right), read from bench/relevance/queries/*.json.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { prng } from '../generate-activities.js';

export const QUERIES_DIR = path.resolve('bench/relevance/queries');

const judgement = z
  .object({
    id: z.string().min(1),
    grade: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
    /** Why it fits: required from grade 2, so every "relevant" can be checked by someone else. */
    why: z.string().optional(),
  })
  .strict()
  .refine((j) => j.grade < 2 || (j.why ?? '').trim().length > 0, {
    message: 'a judgement of grade 2 or 3 needs a reason',
  });

const judgedQuery = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'query ids are lower-case words joined by hyphens'),
    /** Fixed before any ranking work (see docs/relevance.md); the ranking is tuned on "tune" only. */
    set: z.enum(['tune', 'held-out']),
    /** The situation as the link worker or patient put it. */
    situation: z.string().min(1),
    /** The search form as it would be filled in: the page's own parameter names and values. */
    form: z
      .object({
        q: z.string().optional(),
        where: z.string().optional(),
        radius: z.string().optional(),
        day: z.array(z.string()).optional(),
        time: z.array(z.string()).optional(),
        need: z.array(z.string()).optional(),
        free: z.string().optional(),
        after: z.string().optional(),
        before: z.string().optional(),
      })
      .strict(),
    /** Where the judges pooled around when the form's place is not understood or ambiguous ("Morley"). */
    poolWhere: z.string().optional(),
    /** Regular expressions searched over every listing's name, organisation and description when pooling. */
    pool: z.array(z.string()).min(1),
    judgements: z.array(judgement).min(1),
  })
  .strict()
  .superRefine((q, ctx) => {
    const ids = q.judgements.map((j) => j.id);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (repeated.length)
      ctx.addIssue({
        code: 'custom',
        message: `listings judged twice: ${[...new Set(repeated)].join(', ')}`,
      });
    if (!q.judgements.some((j) => j.grade >= 2))
      ctx.addIssue({ code: 'custom', message: 'no listing judged relevant (grade 2 or 3)' });
  });

export type JudgedQuery = z.infer<typeof judgedQuery>;
export type QueryForm = JudgedQuery['form'];

export interface JudgedSet {
  queries: JudgedQuery[];
  /** sha256 of the judgement files, so a report names the exact judgements it was measured against. */
  digest: string;
}

export function readJudgedSet(dir = QUERIES_DIR): JudgedSet {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const hash = createHash('sha256');
  const queries: JudgedQuery[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    hash.update(`${file}\n${text}`);
    const parsed = z.array(judgedQuery).safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new Error(
        `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const drawn = drawSplit(parsed.data.map((q) => q.id));
    const moved = parsed.data.filter((q) => drawn.get(q.id) !== q.set).map((q) => q.id);
    if (moved.length)
      throw new Error(`${file}: the split differs from the seeded draw for ${moved.join(', ')}`);
    queries.push(...parsed.data);
  }
  const ids = queries.map((q) => q.id);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length) throw new Error(`query ids used twice: ${repeated.join(', ')}`);
  return { queries, digest: hash.digest('hex').slice(0, 16) };
}

/** The form as the page's query string: the search page reads exactly this. */
export function formQuery(form: QueryForm): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | string[]
  >;
}

/** The seed the held-out third was drawn with, once, before any ranking work (see docs/relevance.md). */
export const SPLIT_SEED = 14;

/**
 * The split of one file's queries, as drawn: ids in alphabetical order, shuffled (Fisher–Yates with the
 * benchmarks' prng and SPLIT_SEED), the first third (rounded) held out. Each file is drawn on its own, so every
 * theme has queries in both halves and a new file of queries leaves the existing split alone.
 */
export function drawSplit(ids: readonly string[], seed = SPLIT_SEED): Map<string, JudgedQuery['set']> {
  const order = [...ids].sort();
  const random = prng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const heldOut = Math.round(order.length / 3);
  return new Map(order.map((id, i) => [id, i < heldOut ? 'held-out' : 'tune']));
}
