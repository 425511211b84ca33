import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../../src/core/config';

// Shared by the reliability tests: run the real CLI as a child (with a deadline and
// its peak memory from /proc), and write one JSON record per fault tried, which
// scripts/reliability-table.ts turns into the table of docs/reliability.md.

export const BIN = path.join(PROJECT_ROOT, 'bin', 'benchmail.js');
export const RECORDS_DIR = path.join(PROJECT_ROOT, 'test-artifacts', 'reliability');

/**
 * A frozen copy of the compiled CLI (dist/src, bin, migrations, package.json; node_modules
 * linked). Tests that compare runs minutes apart use it: in a shared checkout dist/ is
 * rebuilt under them, and a changed extractor would look like a changed archive.
 */
export function snapshotBuild(dir: string): string {
  const root = path.join(dir, 'build');
  fs.cpSync(path.join(PROJECT_ROOT, 'dist', 'src'), path.join(root, 'dist', 'src'), { recursive: true });
  for (const d of ['bin', 'migrations']) fs.cpSync(path.join(PROJECT_ROOT, d), path.join(root, d), { recursive: true });
  fs.copyFileSync(path.join(PROJECT_ROOT, 'package.json'), path.join(root, 'package.json'));
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return path.join(root, 'bin', 'benchmail.js');
}

export interface ChildResult {
  code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string;
  ms: number; peakRssMB: number; timedOut: boolean; killed: boolean;
}

/** Peak resident set (VmHWM) of a live process, in MB; 0 once it is gone. */
function vmHwmMB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch { return 0; }
}

/**
 * Runs `node bin/benchmail.js ...args`. timeoutMs: SIGKILL and timedOut = true past it.
 * killAfterMs: SIGKILL on purpose at that moment (crash tests).
 */
export function runCli(args: string[], opts: {
  timeoutMs: number; killAfterMs?: number; env?: NodeJS.ProcessEnv; stdin?: string; bin?: string;
  /** SIGKILL `delayMs` after `file` has grown by `bytes` and reached `minSize` (a WAL being written: a batch committing). */
  killWhenGrows?: { file: string; bytes: number; minSize?: number; delayMs: number };
}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', peak = 0, timedOut = false, killed = false;
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < 4e6) stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < 1e6) stderr += d.toString('utf8'); });
    child.stdin.on('error', () => { /* the child may exit before reading */ });
    child.stdin.end(opts.stdin ?? '');
    const poll = setInterval(() => { peak = Math.max(peak, vmHwmMB(child.pid!)); }, 20);
    const deadline = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs);
    const kill = opts.killAfterMs !== undefined ? setTimeout(() => { killed = true; child.kill('SIGKILL'); }, opts.killAfterMs) : null;
    const sizeOf = (f: string) => { try { return fs.statSync(f).size; } catch { return 0; } };
    const g = opts.killWhenGrows;
    const baseline = g ? sizeOf(g.file) : 0;
    const watch = g ? setInterval(() => {
      if (sizeOf(g.file) < Math.max(baseline + g.bytes, g.minSize ?? 0)) return;
      clearInterval(watch!);
      setTimeout(() => { killed = true; child.kill('SIGKILL'); }, g.delayMs);
    }, 2) : null;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll); clearTimeout(deadline); if (kill) clearTimeout(kill); if (watch) clearInterval(watch);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0, peakRssMB: Math.round(peak), timedOut, killed });
    });
  });
}

export interface ReliabilityRecord {
  area: string;      // Hostile input, Crash safety, Web, ...
  fault: string;     // what was tried
  cases: number;     // how many cases
  result: string;    // what happened, in a few words
  pass: boolean;     // the test's assertions held
  detail?: Record<string, unknown>;
}

const records = new Map<string, ReliabilityRecord[]>();

/** Adds a record to test-artifacts/reliability/<suite>.json (rewritten each time). */
export function record(suite: string, r: ReliabilityRecord): void {
  const list = records.get(suite) ?? [];
  const i = list.findIndex((x) => x.area === r.area && x.fault === r.fault);
  if (i >= 0) list[i] = r; else list.push(r);
  records.set(suite, list);
  fs.mkdirSync(RECORDS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RECORDS_DIR, `${suite}.json`), JSON.stringify(list, null, 2) + '\n');
}

/** A fresh record file per suite: results of an earlier run never stand in for this one. */
export function resetRecords(suite: string): void {
  records.set(suite, []);
  fs.rmSync(path.join(RECORDS_DIR, `${suite}.json`), { force: true });
}

/** Read-only look into a database file (tests only; the product goes through src/store). */
export function query<T>(dbFile: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try { return db.prepare(sql).all(...params) as T[]; } finally { db.close(); }
}

export interface VerifyJson { ok: boolean; digest: string; counts: Record<string, number>; checks: { name: string; ok: boolean; problems: string[] }[] }

/** `benchmail verify --json` as a child; exit status and report. */
export async function verifyCli(dbFile: string, bin?: string): Promise<{ code: number | null; report: VerifyJson }> {
  const r = await runCli(['verify', '--db', dbFile, '--json'], { timeoutMs: 120000, bin });
  let report: VerifyJson;
  try { report = JSON.parse(r.stdout) as VerifyJson; } catch { throw new Error(`verify printed no JSON (exit ${r.code}): ${r.stderr.slice(0, 500)}`); }
  return { code: r.code, report };
}

export function problemsOf(v: VerifyJson): string {
  return v.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.problems.slice(0, 3).join('; ')}`).join(' | ');
}
