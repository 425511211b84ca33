// Writes the synthetic sample archive data/sample/: lkml-sample.mbox (linux-kernel
// and netdev threads) and seed-zero-copy.mbox (the seed thread rebuilt as mail).
// Deterministic: one seeded PRNG, no clock, so the same code writes the same bytes.
//   node dist/scripts/make-sample.js            write data/sample/*.mbox
//   node dist/scripts/make-sample.js --check    exit 1 if the committed files differ
//   node dist/scripts/make-sample.js --out DIR  write somewhere else
import fs from 'node:fs';
import path from 'node:path';
import { Rng } from './sample/prng';
import { Archive } from './sample/threads';
import { renderMessage } from './sample/mail';
import { mboxEntry } from './sample/mime';
import { lkmlPart1 } from './sample/topics-lkml-1';
import { lkmlPart2 } from './sample/topics-lkml-2';
import { patchSeries } from './sample/series';
import { specialThreads } from './sample/special';
import { seedMbox } from './sample/seed';

export const SAMPLE_SEED = 20010507;
export const SAMPLE_FILES = ['lkml-sample.mbox', 'seed-zero-copy.mbox'] as const;

export interface SampleReport {
  messages: number;
  omitted: number;
  lists: Record<string, number>;
  tools: Record<string, number>;
}

export function generateSample(seed = SAMPLE_SEED): { files: Record<string, Buffer>; report: SampleReport } {
  const archive = new Archive(new Rng(seed));
  lkmlPart1(archive);
  lkmlPart2(archive);
  patchSeries(archive);
  specialThreads(archive);
  const kept = archive.messages.filter((m) => !m.omit);
  // arrival order; ties keep generation order (Array.prototype.sort is stable)
  kept.sort((x, y) => x.epoch - y.epoch);
  const mbox = Buffer.concat(kept.map((m) => mboxEntry(m.author.addr, m.epoch, renderMessage(m))));
  const lists: Record<string, number> = {};
  for (const m of kept) lists[m.list] = (lists[m.list] ?? 0) + 1;
  const tools = Object.fromEntries([...archive.toolCounts.entries()].sort((x, y) => x[0].localeCompare(y[0])));
  return {
    files: { 'lkml-sample.mbox': mbox, 'seed-zero-copy.mbox': seedMbox() },
    report: { messages: kept.length, omitted: archive.messages.length - kept.length, lists, tools },
  };
}

function projectRoot(): string {
  const up = path.resolve(__dirname, '..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const outIdx = argv.indexOf('--out');
  const dir = outIdx >= 0 ? path.resolve(argv[outIdx + 1] ?? '.') : path.join(projectRoot(), 'data', 'sample');
  const { files, report } = generateSample();
  if (check) {
    const stale = Object.entries(files).filter(([name, bytes]) => {
      const file = path.join(dir, name);
      return !fs.existsSync(file) || !fs.readFileSync(file).equals(bytes);
    });
    for (const [name] of stale) process.stderr.write(`make-sample: ${path.join(dir, name)} differs from a fresh generation; run node dist/scripts/make-sample.js\n`);
    return stale.length ? 1 : 0;
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  process.stdout.write(`make-sample: wrote ${Object.keys(files).map((f) => path.join(dir, f)).join(', ')}\n${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
