import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config';
import { splitMbox } from '../../src/ingest/mbox';
import type { RawMessage } from '../../src/core/types';

// Where the shared material lives: beside the checkout, in CI as here.
export const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const GOLD = path.join(SHARED, 'gold');
export const SEED = path.join(SHARED, 'seed');

export function corpusFiles(): string[] {
  return fs.readdirSync(CORPUS).filter((f) => f.endsWith('.mbox')).sort().map((f) => path.join(CORPUS, f));
}

/** A fresh temp dir, removed when the process exits. */
export function tmpDir(prefix = 'benchmail-test-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => { try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* already gone */ } });
  return d;
}

/** Every corpus message as split by the mbox reader, with its From_ line. */
export async function corpusMessages(): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for (const f of corpusFiles()) for await (const m of splitMbox(fs.createReadStream(f), f)) out.push(m);
  return out;
}
