// The relevance figures: per query and per half of the judged set, printed and written to docs/relevance.md
// beside the baseline recorded before the ranking work.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describeLoad, type DirectoryLoad } from './directory.js';
import type { JudgedQuery, JudgedSet } from './judged-set.js';
import { mean, ndcgAt, precisionAt } from './metrics.js';
import type { QueryRun } from './run-query.js';

const BASELINE_FILE = 'bench/relevance/baseline.json';
const DOCS_FILE = 'docs/relevance.md';
const BEGIN = '<!-- figures: written by npm run bench:relevance -->';
const END = '<!-- end of figures -->';

export interface QueryFigures {
  id: string;
  set: JudgedQuery['set'];
  situation: string;
  p5: number;
  ndcg10: number;
  /** The first five listings shown, each with its grade ('?' when nobody judged it). */
  top5: { id: string; grade: number | null }[];
  /** Listings in the first ten that nobody judged: the judgements need extending when this is not 0. */
  unjudged10: number;
  relevantJudged: number;
  total: number;
  problems: string[];
}

export interface Measured {
  digest: string;
  queries: QueryFigures[];
}

type Halves = Record<'tune' | 'held-out' | 'all', { p5: number; ndcg10: number; n: number; zero: number }>;

/**
 * A query's grades by the listing each judged one is shown as: a listing merged into another (the same activity
 * from another source) is that one now, and the two count once, with the better grade.
 */
export function gradesShown(judgements: JudgedQuery['judgements'], mergedInto: ReadonlyMap<string, string>) {
  const grades = new Map<string, number>();
  for (const { id, grade } of judgements) {
    const shown = mergedInto.get(id) ?? id;
    grades.set(shown, Math.max(grade, grades.get(shown) ?? 0));
  }
  return grades;
}

export async function measure(
  judged: JudgedSet,
  run: (form: JudgedQuery['form']) => Promise<QueryRun>,
  mergedInto: ReadonlyMap<string, string> = new Map(),
) {
  const queries: QueryFigures[] = [];
  for (const query of judged.queries) {
    const result = await run(query.form);
    const grades = gradesShown(query.judgements, mergedInto);
    queries.push({
      id: query.id,
      set: query.set,
      situation: query.situation,
      // The judged set guarantees a relevant listing per query, so neither figure is null.
      p5: precisionAt(5, result.ranked, grades)!,
      ndcg10: ndcgAt(10, result.ranked, grades)!,
      top5: result.ranked.slice(0, 5).map((id) => ({ id, grade: grades.get(id) ?? null })),
      unjudged10: result.ranked.slice(0, 10).filter((id) => !grades.has(id)).length,
      relevantJudged: [...grades.values()].filter((grade) => grade >= 2).length,
      total: result.total,
      problems: result.problems,
    });
  }
  return { digest: judged.digest, queries };
}

export function halves(queries: Pick<QueryFigures, 'set' | 'p5' | 'ndcg10'>[]): Halves {
  const of = (list: typeof queries) => ({
    p5: mean(list.map((q) => q.p5)) ?? 0,
    ndcg10: mean(list.map((q) => q.ndcg10)) ?? 0,
    n: list.length,
    zero: list.filter((q) => q.p5 === 0).length,
  });
  return {
    tune: of(queries.filter((q) => q.set === 'tune')),
    'held-out': of(queries.filter((q) => q.set === 'held-out')),
    all: of(queries),
  };
}

interface Baseline {
  commit: string;
  date: string;
  digest: string;
  queries: Record<string, { p5: number; ndcg10: number }>;
}

const commit = () => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} with uncommitted changes in src/` : head;
  } catch {
    return 'unknown';
  }
};

export function writeBaseline(measured: Measured): void {
  const baseline: Baseline = {
    commit: commit(),
    date: DateTime.now().toISODate()!,
    digest: measured.digest,
    queries: Object.fromEntries(measured.queries.map((q) => [q.id, { p5: q.p5, ndcg10: q.ndcg10 }])),
  };
  writeFileSync(BASELINE_FILE, `${JSON.stringify(baseline, null, 2)}\n`);
}

export function readBaseline(): Baseline | null {
  return existsSync(BASELINE_FILE) ? (JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Baseline) : null;
}

const f2 = (n: number) => n.toFixed(2);
const top5Text = (q: QueryFigures) => q.top5.map((t) => `${t.id.slice(0, 8)}:${t.grade ?? '?'}`).join(' ');

export function printReport(measured: Measured, baseline: Baseline | null, say: (line: string) => void) {
  say(
    `judged set ${measured.digest}: ${measured.queries.length} queries (T tune, H held out); ` +
      'P@5 counts grade ≥ 2 out of min(5, R), R = listings judged 2 or 3',
  );
  for (const q of measured.queries) {
    say(
      `${q.set === 'tune' ? 'T' : 'H'} ${q.id.padEnd(38)} P@5 ${f2(q.p5)} nDCG@10 ${f2(q.ndcg10)}` +
        `  R ${String(q.relevantJudged).padStart(2)}  found ${String(q.total).padStart(4)}` +
        `  unjudged@10 ${q.unjudged10}  top5 ${top5Text(q) || '(nothing)'}`,
    );
    for (const problem of q.problems) say(`    page says: ${problem}`);
  }
  const now = halves(measured.queries);
  const before = baseline ? halves(baselineFigures(measured, baseline)) : null;
  for (const half of ['tune', 'held-out', 'all'] as const) {
    const h = now[half];
    const was = before?.[half];
    say(
      `mean ${half.padEnd(8)} (${h.n} queries): P@5 ${f2(h.p5)}  nDCG@10 ${f2(h.ndcg10)}  at P@5 0: ${h.zero}` +
        (was ? `   (baseline P@5 ${f2(was.p5)}, nDCG@10 ${f2(was.ndcg10)})` : ''),
    );
  }
  const zero = measured.queries.filter((q) => q.p5 === 0).map((q) => q.id);
  say(`queries at P@5 0: ${zero.join(', ') || 'none'}`);
}

/** The baseline's figures for the queries measured now (a query added since has no baseline). */
function baselineFigures(measured: Measured, baseline: Baseline) {
  return measured.queries
    .filter((q) => baseline.queries[q.id])
    .map((q) => ({ set: q.set, ...baseline.queries[q.id] }));
}

export function writeDocs(
  measured: Measured,
  baseline: Baseline | null,
  run: { load: DirectoryLoad; now: Date; missingJudged: string[] },
): void {
  const now = halves(measured.queries);
  const before = baseline ? halves(baselineFigures(measured, baseline)) : null;
  const cell = (q: QueryFigures, key: 'p5' | 'ndcg10') => {
    const was = baseline?.queries[q.id]?.[key];
    return was === undefined || was.toFixed(2) === q[key].toFixed(2)
      ? f2(q[key])
      : `${f2(q[key])} (was ${f2(was)})`;
  };
  const lines = [
    BEGIN,
    '',
    `Command: \`npm run bench:relevance\`, run ${DateTime.now().toFormat('d LLLL yyyy')} on commit ${commit()}; ` +
      `judged set \`${measured.digest}\`; directory: ${describeLoad(run.load)}; searches as of ` +
      `${run.now.toISOString()}.` +
      (baseline
        ? ` Baseline: commit ${baseline.commit}, ${baseline.date}, judged set \`${baseline.digest}\`.`
        : '') +
      ` Judged listings not in the directory: ${run.missingJudged.length ? run.missingJudged.join(', ') : 'none'}.`,
    '',
    '| source loaded | import result | seconds |',
    '|---|---|---|',
    ...run.load.sources.map((s) => `| ${s.label} | ${s.summary} | ${s.seconds.toFixed(1)} |`),
    '',
    '| half | queries | mean P@5 | mean nDCG@10 | queries at P@5 0 |' +
      (before ? ' baseline P@5 | baseline nDCG@10 |' : ''),
    '|---|---|---|---|---|' + (before ? '---|---|' : ''),
    ...(['tune', 'held-out', 'all'] as const).map(
      (half) =>
        `| ${half} | ${now[half].n} | ${f2(now[half].p5)} | ${f2(now[half].ndcg10)} | ${now[half].zero} |` +
        (before ? ` ${f2(before[half].p5)} | ${f2(before[half].ndcg10)} |` : ''),
    ),
    '',
    '| set | query | P@5 | nDCG@10 | R | found | first five (id prefix: grade, ? = not judged) | the page says |',
    '|---|---|---|---|---|---|---|---|',
    ...measured.queries.map(
      (q) =>
        `| ${q.set} | \`${q.id}\`: ${q.situation.replace(/\|/g, '/')} | ${cell(q, 'p5')} | ${cell(q, 'ndcg10')} | ` +
        `${q.relevantJudged} | ` +
        `${q.total} | ${top5Text(q) || '–'} | ${q.problems.join('; ').replace(/\|/g, '/') || '–'} |`,
    ),
    '',
    END,
  ];
  const docs = existsSync(DOCS_FILE) ? readFileSync(DOCS_FILE, 'utf8') : `# Relevance\n\n${BEGIN}\n${END}\n`;
  const start = docs.indexOf(BEGIN);
  const end = docs.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOCS_FILE}: the figures markers are missing`);
  writeFileSync(DOCS_FILE, docs.slice(0, start) + lines.join('\n') + docs.slice(end + END.length));
}
