// Import timings: benchmail import (full pipeline, and --no-extract so the extraction share
// is known), the peers' imports, and the floors; each a fresh database, each a child process
// measured by bench/proc.ts (wall, CPU, peak RSS).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { runOk, diskBytes, type Measured } from './proc';
import { importPeer, type PeerName, type PeerImport } from './peers';
import type { Corpus } from './corpus';

export interface ImportRun {
  wallS: number; cpuS: number | null; rssMB: number | null; dbBytes: number | null;
  reportedS?: number; messages?: number; // from --json: the import's own clock and count
  code?: string; // hash of the compiled product (dist/src) this run used
}

/**
 * A hash of the compiled product (dist/src/**\/*.js + migrations/). Others rebuild dist/ while
 * the bench runs; runs with different hashes measured different code, and the JSON says so.
 */
export function codeStamp(root: string): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|sql|json)$/.test(e.name)) h.update(path.relative(root, p)).update(fs.readFileSync(p));
    }
  };
  walk(path.join(root, 'dist', 'src'));
  walk(path.join(root, 'migrations'));
  return h.digest('hex').slice(0, 12);
}

export function toRun(m: Measured, dbBytes: number | null): ImportRun {
  return { wallS: m.wallS, cpuS: m.cpuS, rssMB: m.rssMB, dbBytes };
}

const BIN = (root: string) => path.join(root, 'bin', 'benchmail.js');

/** One benchmail import of the mbox into a fresh database under `work`. */
export async function oursImport(root: string, c: Corpus, work: string, extract: boolean): Promise<ImportRun> {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const db = path.join(work, 'bench.db');
  const code = codeStamp(root);
  const args = [BIN(root), 'import', c.mbox, '--db', db, '--quiet', '--json'];
  if (!extract) args.push('--no-extract');
  const m = await runOk(process.execPath, args);
  const summary = JSON.parse(m.stdout) as { new: number; messages: number; seconds: number };
  if (summary.new !== c.messages) throw new Error(`benchmail import stored ${summary.new} of ${c.messages} messages`);
  // The WAL is checkpointed when the importer closes; count whatever is left beside the file.
  const bytes = diskBytes(db) + diskBytes(`${db}-wal`) + diskBytes(`${db}-shm`);
  return { ...toRun(m, bytes), reportedS: summary.seconds, messages: summary.messages, code };
}

export async function peerImport(p: PeerName, c: Corpus, work: string): Promise<{ run: ImportRun; imp: PeerImport }> {
  fs.rmSync(work, { recursive: true, force: true });
  const imp = await importPeer(p, c, work);
  return { run: toRun(imp.measured, imp.dbBytes), imp };
}

export type FloorMode = 'read' | 'split' | 'hash';
export const FLOORS: FloorMode[] = ['read', 'split', 'hash'];

export async function floor(root: string, mode: FloorMode, c: Corpus): Promise<ImportRun> {
  const m = await runOk(process.execPath, [path.join(root, 'dist', 'bench', 'floor.js'), mode, c.mbox]);
  const out = JSON.parse(m.stdout) as { messages: number };
  if (mode !== 'read' && out.messages !== c.messages) throw new Error(`floor ${mode} split ${out.messages} of ${c.messages} messages`);
  return { ...toRun(m, null), messages: out.messages };
}
