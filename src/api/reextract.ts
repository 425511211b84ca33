// `benchmail reextract`: runs figure extraction again over the stored raw mail
// (after a rules change), without the source archive.
import type { DB } from '../store/db';
import { parseMessage } from '../ingest/parse';
import { extractMessage } from '../extract/index';
import { deferIndexes, restoreIndexes } from '../store/deferred-indexes';
import { iterateRawMessages, saveExtraction, linkOrigins, relinkRuns, countMessages, inTransaction } from '../store/figures';
import { toFigureRows, type ExtractionRows } from '../core/figure-rows';

export interface ReextractSummary { messages: number; figures: number; claims: number; failed: { messageId: string; reason: string }[]; seconds: number }

export function reextract(db: DB, opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {}): ReextractSummary {
  const t0 = Date.now();
  const total = countMessages(db);
  const batchSize = opts.batch ?? 500;
  const sum: ReextractSummary = { messages: 0, figures: 0, claims: 0, failed: [], seconds: 0 };
  let pending: { row: number; id: string; r: ExtractionRows }[] = [];
  const flush = () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    inTransaction(db, () => {
      for (const p of batch) saveExtraction(db, p.row, p.id, p.r);
      linkOrigins(db, batch.map((p) => p.id));
      relinkRuns(db, batch.map((p) => p.id));
    });
    opts.onProgress?.(sum.messages, total);
  };
  // read a batch, then write it: better-sqlite3 cannot write while a read cursor is open
  const all = iterateRawMessages(db, batchSize);
  let chunk: { row: number; messageId: string; raw: () => Buffer }[] = [];
  const work = () => {
    for (const m of chunk) {
      sum.messages++;
      try {
        const p = parseMessage(m.raw());
        const r = extractMessage(p.text, { fromName: p.fromName || p.fromAddr, subject: p.subject });
        sum.figures += r.figures.length;
        sum.claims += r.claims.length;
        pending.push({ row: m.row, id: m.messageId, r: { figures: toFigureRows(r.figures), claims: r.claims } });
      } catch (e) {
        sum.failed.push({ messageId: m.messageId, reason: `could not decode the stored raw mail again: ${(e as Error).message}` });
      }
    }
    chunk = [];
    flush();
  };
  // every figure row is rewritten: the search indexes are built once at the end
  deferIndexes(db);
  try {
    for (const m of all) {
      chunk.push(m);
      if (chunk.length >= batchSize) work();
    }
    work();
  } finally {
    restoreIndexes(db);
  }
  sum.seconds = (Date.now() - t0) / 1000;
  return sum;
}
