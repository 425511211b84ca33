// Runs one child process and measures it: wall time (our own clock, process start included),
// user+system CPU and peak RSS. GNU time (/usr/bin/time) reports the peak RSS of the largest
// process it waited for; without it we poll /proc/<pid>/status VmHWM every 20 ms (Linux only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';

export interface Measured {
  wallS: number;        // seconds, spawn to exit
  cpuS: number | null;  // user + system seconds (GNU time only)
  rssMB: number | null; // peak resident set size, MB
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  keepStdout?: boolean; // large outputs (thread mbox) are counted, not kept
}

const GNU_TIME = '/usr/bin/time';
let gnuTimeOk: boolean | null = null;
function hasGnuTime(): boolean {
  if (gnuTimeOk === null) gnuTimeOk = fs.existsSync(GNU_TIME);
  return gnuTimeOk;
}

export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<Measured> {
  const useTime = hasGnuTime();
  const tfile = path.join(os.tmpdir(), `bm-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const argv = useTime ? ['-f', '%U %S %M', '-o', tfile, cmd, ...args] : args;
  const exe = useTime ? GNU_TIME : cmd;
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(exe, argv, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let outBytes = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => { outBytes += d.length; if (opts.keepStdout !== false && out.length < 4e6) out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { if (err.length < 64e3) err += d.toString(); });
    let hwmKB = 0;
    const poll = useTime ? null : setInterval(() => { hwmKB = Math.max(hwmKB, vmHwmKB(child.pid)); }, 20);
    child.on('error', reject);
    child.stdin.end(opts.input ?? '');
    child.on('close', (status) => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      if (poll) clearInterval(poll);
      let cpuS: number | null = null;
      let rssMB: number | null = hwmKB ? hwmKB / 1024 : null;
      if (useTime) {
        try {
          const line = fs.readFileSync(tfile, 'utf8').trim().split('\n').pop() ?? '';
          const [u, s, m] = line.split(/\s+/).map(Number);
          if (Number.isFinite(u) && Number.isFinite(s)) cpuS = u + s;
          if (Number.isFinite(m)) rssMB = m / 1024;
        } catch { /* time wrote nothing: the command could not start */ }
        fs.rmSync(tfile, { force: true });
      }
      resolve({ wallS, cpuS, rssMB, status, stdout: opts.keepStdout === false ? String(outBytes) : out, stderr: err });
    });
  });
}

/** Runs and throws with the command's stderr when it fails. */
export async function runOk(cmd: string, args: string[], opts: RunOptions = {}): Promise<Measured> {
  const r = await run(cmd, args, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-2000)}`);
  return r;
}

function vmHwmKB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}

/** Bytes used by a file or a directory tree (apparent sizes). */
export function diskBytes(p: string): number {
  let st: fs.Stats;
  try { st = fs.lstatSync(p); } catch { return 0; }
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of fs.readdirSync(p)) total += diskBytes(path.join(p, e));
  return total;
}

export function commandExists(bin: string): boolean {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    try { fs.accessSync(path.join(dir, bin), fs.constants.X_OK); return true; } catch { /* next */ }
  }
  return false;
}
