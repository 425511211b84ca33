import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/core/config';

// Builds the preset dictionary for raw-message compression from the project's own
// sample archive: the lines mail repeats most (Received:, list headers, footers,
// attributions), most frequent last so they sit nearest the data.
//
// Run once; NEVER change the committed file afterwards: every stored message was
// compressed against it. A new dictionary needs a new format version.

const MAX = 32 * 1024;
const src = fs.readFileSync(path.join(PROJECT_ROOT, 'data', 'sample', 'lkml-sample.mbox'), 'latin1');
const freq = new Map<string, number>();
for (const line of src.split('\n')) {
  if (line.length < 8 || line.length > 200 || line.startsWith('From ')) continue;
  freq.set(line, (freq.get(line) ?? 0) + 1);
}
const lines = [...freq.entries()].filter(([, n]) => n >= 3).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([l]) => l);
let text = lines.join('\n');
if (text.length > MAX) text = text.slice(text.length - MAX);
const out = path.join(PROJECT_ROOT, 'src', 'core', 'data', 'deflate-dictionary.json');
fs.writeFileSync(out, JSON.stringify({ version: 1, latin1: text }) + '\n');
process.stderr.write(`wrote ${out}: ${text.length} bytes from ${lines.length} lines\n`);
