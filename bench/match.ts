// npm run bench:match [-- --errors] [-- --labels]
// The matcher measured on real overlapping data: the Greater Manchester libraries file against the national
// libraries list, scored against hand-made labels (bench/matching/library-pairs.json). See docs/matching.md.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import {
  candidatePairs,
  classifyPairs,
  decide,
  fieldEvidence,
  DEFAULT_THRESHOLDS,
  matchRecords,
  prepareRecord,
  scoreCandidates,
  sharedValues,
  type ActivityRecord,
  type DecidedPair,
  type MatchRun,
  type Thresholds,
  type Verdict,
} from '../src/domain/matching/index.js';
import {
  GM_MAPPING,
  libraryFiles,
  NATIONAL_MAPPING,
  postcodePositions,
  readLibraryRecords,
} from './matching/library-files.js';
import {
  halfOf,
  LABELS_FILE,
  orientedIds,
  pairKey,
  readLabels,
  score,
  thresholdSteps,
  tuneThresholds,
  type Labels,
} from './matching/labels.js';
import { missingSharedData } from './shared-data.js';

const { values } = parseArgs({
  options: { errors: { type: 'boolean', default: false }, labels: { type: 'boolean', default: false } },
});
const GM = 'gm';
const NATIONAL = 'national';

const config = loadConfig();
const files = libraryFiles(config.sharedDataDir);
const absent = missingSharedData(Object.values(files), config.ci);
if (absent) {
  if (absent.fail) {
    console.error(`bench:match failed: ${absent.reason}`);
    process.exit(1);
  }
  console.log(`bench:match skipped: ${absent.reason}`);
  process.exit(0);
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

let started = performance.now();
const gm = await readLibraryRecords(files.gm, GM_MAPPING, GM);
const national = await readLibraryRecords(files.national, NATIONAL_MAPPING, NATIONAL);
const labels = await readLabels(new Set(gm.map((r) => r.id)), new Set(national.map((r) => r.id)));
console.log(`read ${gm.length} GM rows and ${national.length} national rows in ${seconds(started)} s`);

// The national list has no coordinates: its candidates get their postcode's position from Code-Point Open.
started = performance.now();
const blocked = candidatePairs([...gm, ...national].map(prepareRecord));
const needed = new Set<string>();
for (const [, j] of blocked.pairs) {
  const postcode = prepareRecord(national[j - gm.length]).postcode?.unit;
  if (postcode) needed.add(postcode);
}
const positions = await postcodePositions(files.codepoint, needed);
const located = national.map((record): ActivityRecord => {
  const position = positions.get((prepareRecord(record).postcode?.unit ?? '').replace(' ', ''));
  return position ? { ...record, ...position } : record;
});
console.log(
  `positions of ${positions.size} of ${needed.size} candidate postcodes from Code-Point Open in ${seconds(started)} s`,
);

// The matcher itself, timed over five runs (median): prepare, block, weigh, decide.
const records = [...gm, ...located];
const timings: number[] = [];
let run: MatchRun | undefined;
for (let i = 0; i < 5; i += 1) {
  started = performance.now();
  run = matchRecords(records);
  timings.push(performance.now() - started);
}
const matched = run!;
const median = timings.sort((a, b) => a - b)[2];

// Baseline in the same run: every GM row against every national row, no blocking. Only pairs that are not
// "different" are kept, to see whether blocking lost any.
started = performance.now();
const preparedAll = records.map(prepareRecord);
const sharedAll = sharedValues(preparedAll);
const exhaustive = new Map<string, Verdict>();
for (let i = 0; i < gm.length; i += 1)
  for (let j = gm.length; j < preparedAll.length; j += 1) {
    const { verdict } = decide(fieldEvidence(preparedAll[i], preparedAll[j], sharedAll), DEFAULT_THRESHOLDS);
    if (verdict !== 'different') exhaustive.set(pairKey(gm[i].id, records[j].id), verdict);
  }
const exhaustiveMs = performance.now() - started;
const blockedKeys = new Set(matched.pairs.map((p) => pairKey(...orientedIds(p, GM))));
const lost = [...exhaustive.keys()].filter((key) => !blockedKeys.has(key)).length;

const labelled = labels.same.size;
const blockedTrue = [...labels.same].filter((key) => blockedKeys.has(key)).length;
const inHalf = (half: string) => labels.gmIds.filter((id) => halfOf(id) === half).length;
const skipped = matched.skipped.map((s) => `${s.key} (${s.size})`).join(', ') || 'none';
console.log(
  `\nlabels: ${labels.gmIds.length} GM rows, ${labelled} true pairs, ${labels.gmIds.length - labelled} with no ` +
    `national row, ${labels.hard} hard cases, ${labels.related.size} related pairs (an earlier or later site; ` +
    `counted neither way)`,
);
console.log(`halves: tuning ${inHalf('tuning')} GM rows, held out ${inHalf('held-out')}`);
console.log(
  `blocking: ${matched.candidates} candidate pairs of ${matched.possible} ` +
    `(${percent(matched.candidates / matched.possible)}, ${Math.round(matched.possible / matched.candidates)}× ` +
    `fewer); ${blockedTrue} of ${labelled} true pairs among them; keys set aside as too common: ${skipped}`,
);
console.log(
  `matcher time: ${median.toFixed(0)} ms, median of 5 runs (prepare ${records.length} records, block, weigh, decide)`,
);
console.log(
  `baseline, every pair compared without blocking: ${(exhaustiveMs / 1000).toFixed(1)} s ` +
    `(${Math.round(exhaustiveMs / median)}× the matcher's time); it finds ${exhaustive.size} pairs not "different", ` +
    `${lost} of them outside the candidates blocking made`,
);

const scored = scoreCandidates(preparedAll, candidatePairs(preparedAll));
const tuned = tuneThresholds(scored, labels, GM);
console.log(
  `\nthresholds in use: certain ≥ ${DEFAULT_THRESHOLDS.certain}, uncertain ≥ ${DEFAULT_THRESHOLDS.uncertain}; ` +
    `tuned on the tuning half in this run: certain ≥ ${tuned.certain}, uncertain ≥ ${tuned.uncertain}` +
    (tuned.certain === DEFAULT_THRESHOLDS.certain && tuned.uncertain === DEFAULT_THRESHOLDS.uncertain
      ? ' (the same)'
      : ' (DIFFERENT: update DEFAULT_THRESHOLDS or the weights)'),
);

sweep(
  'certain',
  thresholdSteps(6, 16).filter((t) => t % 1 === 0),
  (t) => ({ ...DEFAULT_THRESHOLDS, certain: t }),
  ['certain'],
);
sweep(
  'uncertain',
  thresholdSteps(2, 8).filter((t) => t % 1 === 0),
  (t) => ({ ...DEFAULT_THRESHOLDS, uncertain: t }),
  ['certain', 'uncertain'],
);

report(matched.pairs, labels);

// The same run with the national rows' postcodes only, as a feed without coordinates would give them.
const postcodesOnly = matchRecords([...gm, ...national]).pairs;
for (const verdicts of [['certain'], ['certain', 'uncertain']] as const) {
  const s = score(postcodesOnly, labels, [...verdicts], GM);
  console.log(
    `without Code-Point positions, ${verdicts.join(' + ')}: precision ${percent(s.precision)}, ` +
      `recall ${percent(s.recall)}, F1 ${percent(s.f1)} (${s.wrong} wrong)`,
  );
}
if (values.labels) await listLabels();
if (values.errors) listErrors(matched.pairs, labels);

/** How a threshold behaves on the tuning half: what it finds, what it gets wrong, how long the steward queue is. */
function sweep(
  which: 'certain' | 'uncertain',
  candidates: number[],
  thresholds: (threshold: number) => Thresholds,
  verdicts: Verdict[],
) {
  console.log(`\n${which} threshold on the tuning half (${verdicts.join(' + ')}):`);
  console.log('| threshold | found | wrong | related | precision | recall | F1 | uncertain pairs |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const threshold of candidates) {
    const decided = classifyPairs(scored, thresholds(threshold));
    const s = score(decided, labels, verdicts, GM, 'tuning');
    const queue = decided.filter(
      (p) => p.decision.verdict === 'uncertain' && halfOf(orientedIds(p, GM)[0]) === 'tuning',
    ).length;
    console.log(
      `| ${threshold} | ${s.found} | ${s.wrong} | ${s.related} | ${percent(s.precision)} | ${percent(s.recall)} | ` +
        `${percent(s.f1)} | ${queue} |`,
    );
  }
}

function report(pairs: DecidedPair[], labels: Labels) {
  console.log('\n| half | verdicts | true pairs | found | wrong | related | precision | recall | F1 |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const half of ['tuning', 'held-out', undefined] as const)
    for (const verdicts of [['certain'], ['certain', 'uncertain']] as const) {
      const s = score(pairs, labels, [...verdicts], GM, half);
      console.log(
        `| ${half ?? 'all'} | ${verdicts.join(' + ')} | ${s.truePairs} | ${s.found} | ${s.wrong} | ${s.related} | ` +
          `${percent(s.precision)} | ${percent(s.recall)} | ${percent(s.f1)} |`,
      );
    }
  const uncertain = pairs.filter((p) => p.decision.verdict === 'uncertain');
  console.log(
    `\nsteward queue: ${uncertain.length} uncertain pairs ` +
      `(${uncertain.filter((p) => labels.same.has(pairKey(...orientedIds(p, GM)))).length} true, ` +
      `${uncertain.filter((p) => p.decision.held).length} held back from certain); ` +
      `certain: ${pairs.filter((p) => p.decision.verdict === 'certain').length}`,
  );
}

function listErrors(pairs: DecidedPair[], labels: Labels) {
  const byKey = new Map(pairs.map((p) => [pairKey(...orientedIds(p, GM)), p]));
  const name = new Map([...gm, ...national].map((r) => [r.id, `${r.name} (${r.postcode ?? 'no postcode'})`]));
  const line = (p: DecidedPair | undefined) =>
    p
      ? `${p.decision.verdict} ${p.decision.score}${p.decision.held ? ` held: ${p.decision.held}` : ''}: ` +
        p.decision.reasons
          .map((r) => `${r.field} ${r.weight > 0 ? '+' : ''}${r.weight} ${r.detail}`)
          .join('; ')
      : 'not a candidate';
  console.log('\ntrue pairs not found as certain:');
  for (const key of labels.same) {
    const pair = byKey.get(key);
    if (pair?.decision.verdict === 'certain') continue;
    const [a, b] = key.split('|');
    console.log(`  ${name.get(a)} / ${name.get(b)}: ${line(pair)}`);
  }
  console.log('\npairs suggested (certain or uncertain) that are not true pairs:');
  for (const pair of pairs) {
    const key = pairKey(...orientedIds(pair, GM));
    if (pair.decision.verdict === 'different' || labels.same.has(key)) continue;
    const [a, b] = key.split('|');
    console.log(
      `  ${labels.related.has(key) ? '(related) ' : ''}${name.get(a)} / ${name.get(b)}: ${line(pair)}`,
    );
  }
}

/** Every label with the two rows' names, read from the files now, for a person checking the labels. */
async function listLabels() {
  const file = JSON.parse(await readFile(LABELS_FILE, 'utf8')) as {
    pairs: { gm: string; national: string | null; related?: string[]; hard?: string }[];
  };
  const row = new Map([...gm, ...national].map((r) => [r.id, `${r.name}, ${r.postcode ?? 'no postcode'}`]));
  console.log('\nlabels (GM row → national row):');
  for (const label of file.pairs) {
    const related = (label.related ?? []).map((id) => row.get(id)).join('; ');
    console.log(
      `  ${row.get(label.gm)} → ${label.national ? row.get(label.national) : 'none'}` +
        `${related ? ` [related: ${related}]` : ''}${label.hard ? `\n      hard: ${label.hard}` : ''}`,
    );
  }
}
