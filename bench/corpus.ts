// The benchmark archive: make-bench-corpus output (mboxrd + the same mail as a Maildir),
// cached under bench/cache/ by a hash of the generator's source and its arguments, so a
// changed generator never serves a stale archive and an unchanged one is made once.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { runOk } from './proc';

export interface Corpus {
  messages: number;
  seed: number;
  key: string;        // cache key: sha256(generator source, arguments), 16 hex digits
  mbox: string;
  maildir: string;
  mboxBytes: number;
  generatedS: number | null; // null when reused from the cache
}

export function generatorPath(shared: string): string {
  return path.join(shared, 'tools', 'make-bench-corpus');
}

export async function ensureCorpus(shared: string, cacheDir: string, messages: number, seed: number): Promise<Corpus> {
  const gen = generatorPath(shared);
  if (!fs.existsSync(gen)) throw new Error(`the corpus generator is missing: ${gen}`);
  const args = ['--messages', String(messages), '--seed', String(seed)];
  const key = crypto.createHash('sha256').update(fs.readFileSync(gen)).update(JSON.stringify(args)).digest('hex').slice(0, 16);
  const dir = path.join(cacheDir, `${messages}-s${seed}-${key}`);
  const done = path.join(dir, 'done.json');
  const mbox = path.join(dir, 'corpus.mbox');
  const maildir = path.join(dir, 'maildir');
  let generatedS: number | null = null;
  if (!fs.existsSync(done)) {
    // Build beside, then rename: an interrupted run never leaves a half archive marked done.
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    process.stderr.write(`bench: generating ${messages} messages (seed ${seed}) into ${dir}\n`);
    const r = await runOk(process.execPath, [gen, ...args, '--out', path.join(tmp, 'corpus.mbox'), '--maildir', path.join(tmp, 'maildir')]);
    generatedS = r.wallS;
    fs.writeFileSync(path.join(tmp, 'done.json'), JSON.stringify({ args, key, generatedS, summary: r.stderr.trim() }, null, 2));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  }
  return { messages, seed, key, mbox, maildir, mboxBytes: fs.statSync(mbox).size, generatedS };
}
