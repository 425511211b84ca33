import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Readable, Transform } from 'node:stream';
import { splitMbox, MAX_MESSAGE, type SplitItem } from './mbox';
import { BenchmailError } from '../core/errors';
import { isPublicInboxGit, readPublicInbox } from './publicinbox';

// Sources -> raw messages. Formats are told apart by content, never by name:
// gzip magic, "From " (mbox family), \1\1\1\1 (MMDF), headers (one .eml),
// a Maildir (cur/new), a directory of messages, a public-inbox git repository.

export interface SourceNote { source: string; message: string }
export type NoteSink = (n: SourceNote) => void;

const GZIP_MAX_RATIO = 1000;      // expansion past this, beyond 1 GiB, is taken for a bomb
const GZIP_RATIO_FLOOR = 1 << 30;

export async function* readSources(paths: string[], note: NoteSink): AsyncGenerator<SplitItem> {
  for (const p of paths) {
    if (p === '-') { yield* readStream(process.stdin, 'stdin', note); continue; }
    let st: fs.Stats;
    try { st = fs.statSync(p); } catch (e) {
      throw new BenchmailError('not_found', `cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; nothing imported from it`);
    }
    if (st.isDirectory()) yield* readDirectory(p, note, 0);
    else yield* readFile(p, note);
  }
}

async function* readDirectory(dir: string, note: NoteSink, depth: number): AsyncGenerator<SplitItem> {
  if (isPublicInboxGit(dir)) {
    yield* readPublicInbox(dir) as AsyncGenerator<SplitItem>;
    return;
  }
  if (depth > 6) { note({ source: dir, message: 'directory nested too deep: skipped' }); return; }
  const isMaildir = ['cur', 'new'].some((d) => isDir(path.join(dir, d)));
  const names = fs.readdirSync(dir).sort();
  for (const name of names) {
    const full = path.join(dir, name);
    if (isMaildir && name === 'tmp') continue; // messages still being delivered
    let st: fs.Stats;
    try { st = fs.lstatSync(full); } catch { continue; }
    if (st.isSymbolicLink()) { note({ source: full, message: 'symbolic link: skipped' }); continue; }
    if (st.isDirectory()) { if (!name.startsWith('.git') || depth === 0) yield* readDirectory(full, note, depth + 1); continue; }
    if (!st.isFile()) continue;
    if (/^(\.|README|index\.|\.mh_sequences|dovecot|maildirfolder)/i.test(name) && st.size < 65536 && !(await looksLikeMail(full))) {
      note({ source: full, message: 'not a mail file: skipped' });
      continue;
    }
    yield* readFile(full, note);
  }
}

function isDir(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

async function looksLikeMail(file: string): Promise<boolean> {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(512);
    const n = fs.readSync(fd, b, 0, 512, 0);
    return /^(From |[A-Za-z][\w-]{0,60}:)/.test(b.toString('latin1', 0, n));
  } finally { fs.closeSync(fd); }
}

async function* readFile(file: string, note: NoteSink): AsyncGenerator<SplitItem> {
  const st = fs.statSync(file);
  if (st.size === 0) { note({ source: file, message: 'empty file: nothing to import' }); return; }
  yield* readStream(fs.createReadStream(file, { highWaterMark: 256 << 10 }), file, note);
}

/** Sniffs the first bytes, then hands the stream to the right splitter. */
async function* readStream(input: Readable, source: string, note: NoteSink): AsyncGenerator<SplitItem> {
  const it = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLen = 0;
  let done = false;
  while (headLen < 8 && !done) {
    const r = await it.next();
    if (r.done) done = true; else { head.push(r.value); headLen += r.value.length; }
  }
  if (headLen === 0) { note({ source, message: 'empty input: nothing to import' }); return; }
  const first = Buffer.concat(head);
  const rest = Readable.from((async function* () {
    yield first;
    if (!done) for (;;) { const r = await it.next(); if (r.done) break; yield r.value; }
  })());
  if (first[0] === 0x1f && first[1] === 0x8b) {
    const gunzip = zlib.createGunzip();
    let inBytes = 0, outBytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _e, cb) { inBytes += chunk.length; cb(null, chunk); },
    });
    const guard = new Transform({
      transform(chunk: Buffer, _e, cb) {
        outBytes += chunk.length;
        if (outBytes > GZIP_RATIO_FLOOR && outBytes > inBytes * GZIP_MAX_RATIO) {
          cb(new BenchmailError('bad_input', `${source}: gzip expands more than ${GZIP_MAX_RATIO}x past 1 GiB (a zip bomb?): stopped reading it; messages before this point were imported`));
          return;
        }
        cb(null, chunk);
      },
    });
    rest.on('error', (e) => gunzip.destroy(e));
    const inflated = rest.pipe(counter).pipe(gunzip).pipe(guard);
    gunzip.on('error', (e) => guard.destroy(new BenchmailError('bad_input', `${source}: gzip data is damaged (${e.message}): messages before the damage were imported, the rest of the file was not read`)));
    yield* readStream(inflated, `${source}`, note);
    return;
  }
  const text = first.toString('latin1', 0, 5);
  if (text === 'From ' || text.startsWith('\x01\x01\x01\x01')) { yield* splitMbox(rest, source); return; }
  // Anything else is one message (.eml, a Maildir file, or junk that quarantine will hold).
  const chunks: Buffer[] = [];
  let size = 0;
  let oversized = false;
  for await (const c of rest as AsyncIterable<Buffer>) {
    if (size + c.length > MAX_MESSAGE) { oversized = true; chunks.push(c.subarray(0, MAX_MESSAGE - size)); size = MAX_MESSAGE; break; }
    chunks.push(c); size += c.length;
  }
  if (oversized) input.destroy();
  yield { raw: Buffer.concat(chunks), source, offset: 0, oversized };
}
