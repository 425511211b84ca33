import fs from 'node:fs';
import type { DB } from '../store/db';
import { MessageWriter, type QuarantineNote } from '../store/writer';
import { readSources, type SourceNote } from '../ingest/sources';
import { ProcessPool } from '../ingest/pool';
import type { Processed } from '../ingest/process';
import type { SplitItem } from '../ingest/mbox';
import type { RawMessage } from '../core/types';
import { BenchmailError } from '../core/errors';
import { deferIndexes, restoreIndexes } from '../store/deferred-indexes';
import { Checkpointer, type CheckpointStats } from '../store/checkpointer';

// import: sources -> worker pool (parse, hash, compress, extract) -> the one writer,
// in batches of BATCH messages, each batch one transaction. Killing the process at
// any point loses at most the batch in flight; re-running completes it (dedupe by id).

export interface ImportOptions {
  list?: string;            // list name for mail without List-Id / X-Mailing-List
  extract?: boolean;        // extract figures (default true)
  threads?: number;         // worker threads (default: cores - 1, 1 to 4; 0 = inline)
  batchSize?: number;
  /** Build the figure search indexes once at the end instead of per row (default: when importing files larger than the database). */
  bulk?: boolean;
  onProgress?: (p: { messages: number; bytes: number }) => void;
  onNote?: (n: SourceNote) => void;
  /** Runs inside each batch's transaction, after its messages (sync state). */
  onBatch?: (db: DB, last: RawMessage) => void;
  /** What the checkpoint thread did, if the import was long enough to start one. */
  onCheckpoints?: (s: CheckpointStats) => void;
}

export interface ImportSummary {
  new: number;
  present: number;
  figures: number;           // figure rows stored for the new messages (0 with extraction off)
  quarantined: number;       // new quarantine rows
  quarantinePresent: number; // bad messages already held from an earlier import
  messages: number;          // messages read from the sources
  bytes: number;
  seconds: number;
  quarantine: QuarantineNote[];
  notes: SourceNote[];
}

export async function importPaths(db: DB, paths: string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const notes: SourceNote[] = [];
  const sink = (n: SourceNote) => { notes.push(n); opts.onNote?.(n); };
  const bulk = opts.bulk ?? (opts.extract !== false && inputBytes(paths) > databaseBytes(db));
  const summary = await importRawMessages(db, readSources(paths, sink), { ...opts, bulk });
  summary.notes.push(...notes);
  return summary;
}

export async function importRawMessages(
  db: DB, source: AsyncIterable<RawMessage> | Iterable<RawMessage>, opts: ImportOptions = {},
): Promise<ImportSummary> {
  const t0 = process.hrtime.bigint();
  const extract = opts.extract !== false;
  const batchSize = opts.batchSize ?? 1000;
  const writer = new MessageWriter(db);
  const pool = new ProcessPool(opts.threads ?? ProcessPool.defaultThreads(), extract);
  // Messages per worker task. A task's results stay young until posted back, and each
  // scavenge copies them again: 50 rather than 250 costs ~4% less CPU (50k bench archive).
  const chunk = 50;
  // a leftover from an import killed while bulk loading is rebuilt first
  try {
    if (opts.bulk && extract) deferIndexes(db); else restoreIndexes(db);
  } catch (e) {
    // rolled back, nothing changed: the first batch meets the same full disk and says so
    if ((e as { code?: string }).code !== 'SQLITE_FULL') throw e;
  }
  const s: ImportSummary = { new: 0, present: 0, figures: 0, quarantined: 0, quarantinePresent: 0, messages: 0, bytes: 0, seconds: 0, quarantine: [], notes: [] };

  const inFlight: { items: SplitItem[]; done: Promise<Processed[]>; ready: boolean }[] = [];
  // While the writer waits for the workers (they warm up, or extraction runs behind),
  // this thread hashes and deflates the next batches itself and the workers only parse
  // them; once results wait for the writer, the workers pack again.
  let packHere = true;
  let pending: Processed[] = [];
  let pendingLast: RawMessage | null = null;
  let cur: SplitItem[] = [];
  const maxInFlight = Math.ceil((2 * batchSize) / chunk); // two batches ahead: workers keep parsing while the writer commits
  // WAL checkpoints move to a thread of their own from the second batch's commit on (an
  // import of one batch, `sync` say, does not pay for starting one)
  let checkpointer = null as Checkpointer | null; // (asserted: set in flush, where TypeScript does not look)
  let batches = 0;

  const flush = () => {
    if (!pending.length) return;
    const last = pendingLast;
    let r: ReturnType<MessageWriter['writeBatch']>;
    try {
      r = writer.writeBatch(pending, { list: opts.list, extract }, opts.onBatch && last ? () => opts.onBatch!(db, last) : undefined);
    } catch (e) {
      // SQLite rolled the batch back: say so, and what to do, instead of a stack trace.
      if ((e as { code?: string }).code !== 'SQLITE_FULL') throw e;
      throw new BenchmailError('io', `the disk holding ${db.name} is full: a batch of ${pending.length} messages was not written ` +
        `(${s.new ? `the ${s.new} new messages before it are stored` : 'nothing new from this import was stored'}; the database is whole). Free some space and run the same import again: ` +
        'messages already stored are skipped.');
    }
    if (++batches === 2) checkpointer = Checkpointer.start(db);
    checkpointer?.committed();
    s.new += r.counts.new; s.present += r.counts.present; s.figures += r.counts.figures;
    s.quarantined += r.counts.quarantined; s.quarantinePresent += r.counts.quarantinePresent;
    s.quarantine.push(...r.quarantine);
    pending = [];
    opts.onProgress?.({ messages: s.messages, bytes: s.bytes });
  };
  const drainOne = async () => {
    const f = inFlight.shift()!;
    packHere = !f.ready;
    const out = await f.done;
    pending.push(...out);
    pendingLast = f.items[f.items.length - 1];
    if (pending.length >= batchSize) flush();
  };
  const dispatch = async () => {
    if (!cur.length) return;
    const f = { items: cur, done: pool.run(cur, packHere), ready: false };
    f.done.then(() => { f.ready = true; }, () => { /* reported where awaited */ });
    inFlight.push(f);
    cur = [];
    while (inFlight.length > maxInFlight) await drainOne();
  };

  try {
    for await (const item of source as AsyncIterable<SplitItem>) {
      s.messages++;
      s.bytes += item.raw.length;
      cur.push(item);
      if (cur.length >= chunk) await dispatch();
    }
    await dispatch();
    while (inFlight.length) await drainOne();
    flush();
  } finally {
    // What was read before an error is still written: nothing read is dropped.
    try { await dispatch(); while (inFlight.length) await drainOne(); flush(); } catch { /* the first error is the one to report */ }
    if (checkpointer) {
      const stats = await checkpointer.stop();
      opts.onCheckpoints?.(stats);
      if (stats.errors.length) {
        s.notes.push({ source: 'import', message: `the WAL checkpoint thread failed (${stats.errors[0]}); ` +
          "the writer's own checkpoints covered for it. No mail was lost." });
      }
    }
    await pool.close();
    for (const message of pool.notes) s.notes.push({ source: 'import', message });
    // Built after the last batch: rows added to a built index leave its pages half full
    // (building it once the mail was read, with the last 2,000 messages still to write,
    // made the 5k bench database 3.5% larger and gained no time: the writer is the
    // slower side).
    try { restoreIndexes(db); } catch (e) {
      s.notes.push({ source: 'import', message: `the figure search indexes were not rebuilt (${(e as Error).message}); ` +
        'figure queries scan until the next import, sync or reextract rebuilds them. No mail or figure was lost.' });
    }
    s.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return s;
}

/** Bytes the database holds (pages, whether still in the write-ahead log or not). */
function databaseBytes(db: DB): number {
  return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}

/** Sum of file sizes under the given paths, for a progress bar. */
export function inputBytes(paths: string[]): number {
  let total = 0;
  const walk = (p: string, depth: number) => {
    let st: fs.Stats;
    try { st = fs.statSync(p); } catch { return; }
    if (st.isFile()) total += st.size;
    else if (st.isDirectory() && depth < 6) for (const n of fs.readdirSync(p)) walk(`${p}/${n}`, depth + 1);
  };
  for (const p of paths) if (p !== '-') walk(p, 0);
  return total;
}
