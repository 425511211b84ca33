import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { BenchmailError } from '../core/errors';
import { probeSpec } from './catalogue';
import { PROBES_DIR, type Plan } from './recipe';
import { freePort } from '../core/net';

// Runs one plan of a recipe: execFile, never a shell; a server (when the tool has one)
// bound to 127.0.0.1 on a free port; a fresh temp dir for tools that write files;
// a hard time limit and a cap on the output kept.

export interface RunOutput {
  argv: string[]; serverArgv: string[] | null; exitStatus: number | null; stdout: string; stderr: string;
  timedOut: boolean; startedAt: number; finishedAt: number;
}

const MAX_OUTPUT = 4 * 1048576;


/** The argv as it will run: placeholders filled with the port, the temp dir, the probe path. */
export function concreteArgv(template: string[], port: number | string, workdir: string): string[] {
  const uid = typeof process.getuid === 'function' ? `${process.getuid()}:${process.getgid!()}` : '0:0';
  return template.map((a) => a
    .replace(/\{port\}/g, String(port))
    .replace(/\{uid\}/g, uid)
    .replace(/\{workdir\}/g, workdir)
    .replace(/\{probe:([a-z-]{1,40})\}/g, (_w, name: string) => path.join(PROBES_DIR, probeSpec(name).script)));
}

/** Refuses anything that would leave this machine: every host-like argument must be loopback. */
export function assertLocal(argv: string[]): void {
  for (const a of argv) {
    const url = /^[a-z]{2,8}:\/\/([^/:]{1,255})/i.exec(a);
    const host = url ? url[1] : /^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$/.test(a) ? a : null;
    if (host && host !== '127.0.0.1' && host !== 'localhost') {
      throw new BenchmailError('unsafe', `refusing to run against ${host}: benchmail runs recipes only against 127.0.0.1 or local files`);
    }
  }
}

/** Is something listening on this TCP port? Read from /proc, so a one-shot server (iperf3 -1) is not used up. */
function listening(port: number): boolean | null {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  let seen: boolean | null = null;
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try { text = fs.readFileSync(f, 'utf8'); } catch { continue; }
    seen = seen ?? false;
    // columns: sl local_address rem_address st ...; st 0A = LISTEN
    for (const line of text.split('\n')) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && `${cols[1]} `.endsWith(hex)) return true;
    }
  }
  return seen;
}

function waitForPort(port: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  return new Promise((resolve) => {
    const attempt = (): void => {
      const l = listening(port);
      if (l === true) return resolve(true);
      if (l === false) return void (Date.now() > until ? resolve(false) : setTimeout(attempt, 30));
      // No /proc: fall back to a connection (fine for servers that serve more than one client).
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) resolve(false); else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

// Children of runs in progress: their own process groups do not get the terminal's ^C,
// so the CLI kills them itself (killActiveRuns) before it exits.
const active = new Set<ChildProcess>();
const workdirs = new Set<string>();
export function killActiveRuns(): void {
  for (const c of active) killGroup(c, 'SIGKILL');
  active.clear();
  for (const d of workdirs) try { fs.rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }); } catch { /* what is left is in the temp dir */ }
  workdirs.clear();
}

/** Signals a whole process group (the tool and any children it forked); quiet when it is gone. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try { if (child.pid) process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
}

function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => killGroup(child, 'SIGKILL'), 2000);
    child.once('exit', () => { clearTimeout(hard); resolve(); });
    killGroup(child, 'SIGTERM');
  });
}

/**
 * execFile, with the child in its own process group so the time limit kills everything
 * it forked (dbench forks one process per client). No shell; output capped.
 */
export function execBounded(argv: string[], opts: { cwd: string; timeoutMs: number; stdin: string }):
  Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    active.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let kept = 0;
    let timedOut = false;
    const keep = (into: Buffer[]) => (b: Buffer) => { if (kept < MAX_OUTPUT) { into.push(b.subarray(0, MAX_OUTPUT - kept)); kept += b.length; } };
    child.stdout!.on('data', keep(out));
    child.stderr!.on('data', keep(err));
    const timer = setTimeout(() => { timedOut = true; killGroup(child, 'SIGKILL'); }, opts.timeoutMs);
    let spawnError: NodeJS.ErrnoException | null = null;
    child.on('error', (e: NodeJS.ErrnoException) => { spawnError = e; });
    child.stdin!.on('error', () => { /* the tool may exit without reading its input */ });
    child.stdin!.end(opts.stdin);
    child.on('close', (code) => {
      clearTimeout(timer);
      active.delete(child);
      if (timedOut) killGroup(child, 'SIGKILL'); // stragglers of the group
      const e = spawnError as NodeJS.ErrnoException | null;
      const stderr = Buffer.concat(err).toString('utf8') + (e ? `${argv[0]}: ${e.code === 'ENOENT' ? 'not found' : e.message}\n` : '');
      resolve({ code: e?.code === 'ENOENT' ? 127 : timedOut ? null : code, stdout: Buffer.concat(out).toString('utf8'), stderr, timedOut });
    });
  });
}

export async function runPlan(plan: Plan, opts: { timeoutSeconds: number }): Promise<RunOutput> {
  const timeoutMs = Math.max(1, Math.min(opts.timeoutSeconds, 3600)) * 1000;
  const port = plan.fixedPort ?? await freePort();
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'benchmail-run-'));
  workdirs.add(workdir);
  const argv = concreteArgv(plan.command, port, workdir);
  if (argv[0] === 'node') argv[0] = process.execPath;
  const serverArgv = plan.server ? concreteArgv(plan.server, port, workdir) : null;
  assertLocal(argv);
  if (serverArgv) assertLocal(serverArgv);
  const startedAt = Math.floor(Date.now() / 1000);
  let server: ChildProcess | null = null;
  try {
    if (serverArgv) {
      server = spawn(serverArgv[0], serverArgv.slice(1), { stdio: 'ignore', cwd: workdir, detached: true });
      active.add(server);
      server.on('error', () => { /* reported through waitForPort */ });
      if (!(await waitForPort(port, 5000))) {
        throw new BenchmailError('io', `the ${plan.tool} server (${serverArgv.join(' ')}) did not listen on 127.0.0.1:${port} within 5 s`);
      }
    }
    const result = await execBounded(argv, { cwd: workdir, timeoutMs, stdin: plan.stdin !== null ? concreteArgv([plan.stdin], port, workdir)[0] : '' });
    return {
      argv, serverArgv, exitStatus: result.code,
      stdout: plan.output === 'both' ? result.stdout + result.stderr : result.stdout, stderr: result.stderr, timedOut: result.timedOut,
      startedAt, finishedAt: Math.floor(Date.now() / 1000),
    };
  } finally {
    await stop(server);
    if (server) active.delete(server);
    fs.rmSync(workdir, { recursive: true, force: true });
    workdirs.delete(workdir);
  }
}
