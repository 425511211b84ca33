// `benchmail eval --gold DIR`: scores the figures stored for the labelled
// messages against DIR/labels.jsonl with the rule in gold/README.md.
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '../store/db';
import { figuresOfMessages, storedMessageIds } from '../store/figures';
import { scoreFigures, parseLabels, type Score } from '../extract/score';
import { BenchmailError } from '../core/errors';

export interface EvalReport extends Omit<Score, 'matches'> {
  messages: number;        // Message-IDs listed in messages.txt
  missing: string[];       // listed but not in the database
}

export function readGold(dir: string): { ids: string[]; labels: ReturnType<typeof parseLabels> } {
  const msgs = path.join(dir, 'messages.txt');
  const lab = path.join(dir, 'labels.jsonl');
  for (const f of [msgs, lab]) {
    if (!fs.existsSync(f)) throw new BenchmailError('not_found', `no ${path.basename(f)} in ${dir}: a gold directory holds messages.txt and labels.jsonl`);
  }
  const ids = fs.readFileSync(msgs, 'utf8').split('\n').map((s) => s.trim().replace(/^<|>$/g, '')).filter(Boolean);
  return { ids, labels: parseLabels(fs.readFileSync(lab, 'utf8')) };
}

export function evaluate(db: DB, goldDir: string): EvalReport {
  const { ids, labels } = readGold(goldDir);
  const stored = storedMessageIds(db, ids);
  const missing = ids.filter((id) => !stored.has(id));
  const preds = figuresOfMessages(db, [...stored]);
  // a labelled message that is not stored cannot be scored: its labels still count as missed
  const { matches, ...score } = scoreFigures(preds, labels, ids);
  void matches;
  return { ...score, messages: ids.length, missing };
}
