import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { BenchmailError } from '../core/errors';
import { probeSpec } from './catalogue';
import { PROBES_DIR, type Plan } from './recipe';

// Runs one plan of a recipe: execFile, never a shell; a server (when the tool has one)
// bound to 127.0.0.1 on a free port; a fresh temp dir for tools that write files;
// a hard time limit and a cap on the output kept.

export interface RunOutput {
  argv: string[]; serverArgv: string[] | null; exitStatus: number | null; stdout: string; stderr: string;
  timedOut: boolean; startedAt: number; finishedAt: number;
}

const MAX_OUTPUT = 4 * 1048576;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The argv as it will run: placeholders filled with the port, the temp dir, the probe path. */
export function concreteArgv(template: string[], port: number | string, workdir: string): string[] {
  return template.map((a) => a
    .replace(/\{port\}/g, String(port))
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

function waitForPort(port: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  return new Promise((resolve) => {
    const attempt = (): void => {
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

function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => { clearTimeout(hard); resolve(); });
    child.kill('SIGTERM');
  });
}

export async function runPlan(plan: Plan, opts: { timeoutSeconds: number }): Promise<RunOutput> {
  const timeoutMs = Math.max(1, Math.min(opts.timeoutSeconds, 3600)) * 1000;
  const port = await freePort();
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'benchmail-run-'));
  const argv = concreteArgv(plan.command, port, workdir);
  if (argv[0] === 'node') argv[0] = process.execPath;
  const serverArgv = plan.server ? concreteArgv(plan.server, port, workdir) : null;
  assertLocal(argv);
  if (serverArgv) assertLocal(serverArgv);
  const startedAt = Math.floor(Date.now() / 1000);
  let server: ChildProcess | null = null;
  try {
    if (serverArgv) {
      server = spawn(serverArgv[0], serverArgv.slice(1), { stdio: 'ignore', cwd: workdir });
      server.on('error', () => { /* reported through waitForPort */ });
      if (!(await waitForPort(port, 5000))) {
        throw new BenchmailError('io', `the ${plan.tool} server (${serverArgv.join(' ')}) did not listen on 127.0.0.1:${port} within 5 s`);
      }
    }
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((resolve) => {
      const child = execFile(argv[0], argv.slice(1), {
        cwd: workdir, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT, encoding: 'utf8', windowsHide: true,
      }, (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        const timedOut = !!e?.killed;
        if (e && e.code === 'ENOENT') resolve({ code: 127, stdout, stderr: `${stderr}${argv[0]}: not found\n`, timedOut });
        else resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout: String(stdout), stderr: String(stderr), timedOut });
      });
      if (plan.stdin !== null) child.stdin?.end(concreteArgv([plan.stdin], port, workdir)[0]);
      else child.stdin?.end();
    });
    return {
      argv, serverArgv, exitStatus: result.code, stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut,
      startedAt, finishedAt: Math.floor(Date.now() / 1000),
    };
  } finally {
    await stop(server);
    fs.rmSync(workdir, { recursive: true, force: true });
  }
}
