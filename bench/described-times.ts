// npm run bench:described-times [-- --show]
// Reads the real Bristol Open Referral UK v1 dump, proposes schedules from each description as the importer does,
// and prints how many records get a proposal; then the precision on the listings judged by hand in
// bench/described-times/judged.json (a fixed sample: the first 50 listings with a proposal, ordered by the SHA-1
// of their id). --show prints that sample's proposals beside the sentences they came from, for judging.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { describedTimes, type DescribedTimes } from '../src/domain/description-times.js';
import { describeSchedule, scheduleRule } from '../src/domain/schedule/index.js';
import { plainText } from '../src/domain/text.js';

const { values } = parseArgs({ options: { show: { type: 'string' } } });
/** Fixed samples of the listings with a proposal, ordered by the SHA-1 of their id: the first 50 (A) were judged
 * and the reader's mistakes in them mended; the next 50 (B) were judged only after, as a held-out check, and its
 * three mistakes then mended; the rest (C) were judged only after that, held out in turn. */
const SAMPLES = { A: [0, 50], B: [50, 100], C: [100, 150] } as const;
type SampleName = keyof typeof SAMPLES;
const JUDGED = path.join(import.meta.dirname, 'described-times/judged.json');
const FEED = 'activities/oruk-v1-bristol-services-2024-12.json';

/** One listing's judgement: how many of the proposals made were right (day, times and how often). */
interface Judgement {
  id: string;
  sample: SampleName;
  right: number;
  made: number;
  note?: string;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const wording = (t: DescribedTimes) =>
  describeSchedule(
    scheduleRule(
      {
        freq: t.freq,
        interval: t.interval,
        byday: t.byday.join(','),
        opens_at: t.opensAt,
        closes_at: t.closesAt,
      },
      [],
    ),
  );
const sha1 = (id: string) => createHash('sha1').update(id).digest('hex');

function main(): number {
  const file = path.join(loadConfig().sharedDataDir, FEED);
  const records = JSON.parse(readFileSync(file, 'utf8')) as {
    id: string;
    name?: string;
    description?: string;
  }[];
  const proposed = records
    .map((r) => ({
      record: r,
      text: plainText(r.description ?? null),
      times: describedTimes(plainText(r.description ?? null)),
    }))
    .filter((p) => p.times.length > 0);
  const schedules = proposed.reduce((n, p) => n + p.times.length, 0);
  say(`Bristol (${FEED}): ${records.length} records`);
  say(
    `records with times proposed from the description: ${proposed.length} (${((100 * proposed.length) / records.length).toFixed(1)} %), ${schedules} schedules`,
  );
  const ordered = [...proposed].sort((a, b) => (sha1(a.record.id) < sha1(b.record.id) ? -1 : 1));
  const sampleOf = (name: SampleName) => ordered.slice(...SAMPLES[name]);

  if (values.show) {
    for (const { record, text, times } of sampleOf(values.show as SampleName)) {
      say(`\n## ${record.id} ${record.name ?? ''}`);
      for (const t of times) {
        const at = text.indexOf(t.evidence);
        say(`- ${wording(t)}  ← "${t.evidence}"`);
        say(`    …${text.slice(Math.max(0, at - 120), at + t.evidence.length + 80)}…`);
      }
    }
    return 0;
  }

  const judged = JSON.parse(readFileSync(JUDGED, 'utf8')) as Judgement[];
  const byId = new Map(judged.map((j) => [j.id, j]));
  let failed = false;
  for (const name of Object.keys(SAMPLES) as SampleName[]) {
    const sample = sampleOf(name);
    const stale = sample.filter((p) => byId.get(p.record.id)?.made !== p.times.length);
    if (stale.length) {
      say(`sample ${name} has changed since it was judged (run with --show ${name} and judge again):`);
      for (const p of stale)
        say(
          `  ${p.record.id}: ${p.times.length} proposals, judged ${byId.get(p.record.id)?.made ?? 'never'}`,
        );
      failed = true;
      continue;
    }
    const marks = sample.map((p) => byId.get(p.record.id)!);
    const allRight = marks.filter((j) => j.right === j.made).length;
    const right = marks.reduce((n, j) => n + j.right, 0);
    const made = marks.reduce((n, j) => n + j.made, 0);
    const label = {
      A: 'A (judged, then mistakes mended)',
      B: 'B (held out when judged after A; its mistakes then mended)',
      C: 'C (held out: judged after B was mended)',
    }[name];
    say(`sample ${label}: ${marks.length} listings, ${made} proposed schedules`);
    say(
      `  listings with every proposal right: ${allRight} of ${marks.length} (precision ${(allRight / marks.length).toFixed(2)})`,
    );
    say(`  schedules right: ${right} of ${made} (precision ${(right / made).toFixed(2)})`);
    for (const j of marks.filter((x) => x.right < x.made))
      say(`  wrong: ${j.id} ${j.right}/${j.made}: ${j.note ?? ''}`);
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
