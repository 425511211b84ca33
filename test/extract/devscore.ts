// Dev loop (not a test): split the corpus mboxes, decode with mailparser, extract,
// score against the gold labels in memory. Usage: node dist/test/extract/devscore.js [fp|fn|tool|q] [filter]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { iterateRawMessages } from '../../src/store/figures';
import { parseMessage } from '../../src/ingest/parse';
import { extractMessage } from '../../src/extract/index';
import { scoreFigures, parseLabels, type Prediction } from '../../src/extract/score';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared');
const CACHE = path.join(os.tmpdir(), 'benchmail-devscore-corpus.json');

/** Decoded bodies of the dev corpus, through the real import and parser; cached in the temp dir. */
async function loadCorpus(): Promise<{ messageId: string; from: string; subject: string; text: string }[]> {
  if (fs.existsSync(CACHE)) return JSON.parse(fs.readFileSync(CACHE, 'utf8'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'benchmail-devscore-'));
  const db = openDb(path.join(dir, 'dev.db'));
  const corpusDir = path.join(SHARED, 'corpus');
  await importPaths(db, fs.readdirSync(corpusDir).filter((f) => f.endsWith('.mbox')).map((f) => path.join(corpusDir, f)), { threads: 0, extract: false });
  const out: { messageId: string; from: string; subject: string; text: string }[] = [];
  for (const m of iterateRawMessages(db)) {
    const p = parseMessage(m.raw());
    out.push({ messageId: m.messageId, from: p.fromName || p.fromAddr, subject: p.subject, text: p.text });
  }
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.writeFileSync(CACHE, JSON.stringify(out));
  return out;
}

async function main() {
  const corpus = await loadCorpus();
  const labels = parseLabels(fs.readFileSync(path.join(SHARED, 'gold', 'labels.jsonl'), 'utf8'));
  const ids = fs.readFileSync(path.join(SHARED, 'gold', 'messages.txt'), 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
  const preds: Prediction[] = [];
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for (const m of corpus) {
    bytes += m.text.length;
    const r = extractMessage(m.text, { fromName: m.from, subject: m.subject });
    for (const f of r.figures) preds.push({ messageId: m.messageId, ...f });
  }
  const us = Number(process.hrtime.bigint() - t0) / 1000;
  const s = scoreFigures(preds, labels, ids);
  const mode = process.argv[2] ?? '';
  const filt = process.argv[3] ? new RegExp(process.argv[3]) : null;
  if (mode === 'fp') for (const p of s.falsePositives) { if (!filt || filt.test(p.text) || filt.test(p.canonicalUnit)) console.log('FP', p.value, p.unit, p.canonicalUnit, '|', p.text.slice(0, 120), '|', p.messageId.slice(0, 20)); }
  if (mode === 'fn') for (const g of s.falseNegatives) { if (!filt || filt.test(g.text) || filt.test(g.canonicalUnit)) console.log('FN', g.value, g.unit, g.canonicalUnit, g.tool, '|', g.text.slice(0, 120), '|', g.messageId.slice(0, 20)); }
  if (mode === 'tool') for (const m of s.matches) if (!m.label.optional && (m.prediction.tool ?? null) !== (m.label.tool ?? null)) console.log('TOOL pred', m.prediction.tool, 'gold', m.label.tool, '|', m.label.text.slice(0, 110), '|', m.label.messageId.slice(0, 20));
  if (mode === 'q') for (const m of s.matches) if (!m.label.optional && (m.prediction.quoted !== m.label.quoted || (m.prediction.quotedFrom ?? '').toLowerCase() !== (m.label.quotedFrom ?? '').toLowerCase())) console.log('Q pred', m.prediction.quoted, m.prediction.quotedFrom, 'gold', m.label.quoted, m.label.quotedFrom, '|', m.label.text.slice(0, 100), '|', m.label.messageId.slice(0, 20));
  const { falsePositives, falseNegatives, matches, ...nums } = s;
  void falsePositives; void falseNegatives; void matches;
  console.log(JSON.stringify(nums), `predictions=${preds.length} us/KB=${(us / (bytes / 1024)).toFixed(1)}`);
}
main();
// per-tool coverage: node dist/test/extract/devscore.js tools
if (process.argv[2] === 'tools') void loadCorpus().then((corpus) => {
  const labels = parseLabels(fs.readFileSync(path.join(SHARED, 'gold', 'labels.jsonl'), 'utf8'));
  const preds: Prediction[] = [];
  for (const m of corpus) for (const f of extractMessage(m.text, { fromName: m.from, subject: m.subject }).figures) preds.push({ messageId: m.messageId, ...f });
  const ids = [...new Set(labels.map((l) => l.messageId))];
  const s = scoreFigures(preds, labels, ids);
  const by = new Map<string, { n: number; found: number; toolOk: number }>();
  for (const l of labels) if (!l.optional) { const k = l.tool ?? '(none)'; const e = by.get(k) ?? { n: 0, found: 0, toolOk: 0 }; e.n++; by.set(k, e); }
  for (const m of s.matches) if (!m.label.optional) { const e = by.get(m.label.tool ?? '(none)')!; e.found++; if ((m.prediction.tool ?? null) === (m.label.tool ?? null)) e.toolOk++; }
  for (const [k, e] of [...by].sort((a, b) => b[1].n - a[1].n)) console.log(k.padEnd(12), `labels ${e.n}`.padEnd(12), `recall ${(e.found / e.n).toFixed(3)}`, `tool ${(e.toolOk / Math.max(1, e.found)).toFixed(3)}`);
});
