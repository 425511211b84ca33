// A real public-inbox for tests: built with public-inbox's own tools from
// ../shared/corpus, served by public-inbox-httpd on 127.0.0.1 at an ephemeral port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/core/config';
import { freePort } from '../../src/core/net';

export const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus');

export function corpusMboxes(): string[] {
  return fs.readdirSync(CORPUS).filter((f) => f.endsWith('.mbox')).sort().map((f) => path.join(CORPUS, f));
}

/** null when public-inbox and git are installed, else the reason a test must skip. */
export function publicInboxMissing(): string | null {
  for (const bin of ['public-inbox-init', 'public-inbox-httpd', 'git', 'perl']) {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
    if (r.status !== 0) return `${bin} is not installed (apt-get install public-inbox git)`;
  }
  if (spawnSync('perl', ['-MPublicInbox::InboxWritable', '-e', '1']).status !== 0) {
    return 'the PublicInbox perl modules are not installed (apt-get install public-inbox)';
  }
  return null;
}

export interface TestInbox {
  root: string;      // temp dir holding config, inbox, logs
  dir: string;       // the v2 inbox directory
  name: string;      // inbox name = URL path segment
  config: string;    // PI_CONFIG
  version: 1 | 2;
  /** imports more mbox files into the inbox (as new mail arriving) */
  add(mboxes: string[]): void;
  /** removes a message from the inbox, as public-inbox-learn rm does for spam (a deletion commit) */
  remove(raw: Buffer): void;
  /** purges a message: public-inbox-purge rewrites the epoch's history without it */
  purge(raw: Buffer): void;
  cleanup(): void;
}

// public-inbox's documented bulk path (its scripts/import_vger_from_mbox does the same):
// PublicInbox::InboxWritable->import_mbox over an mboxrd file; a v2 inbox indexes as it imports.
const IMPORT_PL = `
use strict;
use PublicInbox::Config;
use PublicInbox::InboxWritable;
my ($name, @files) = @ARGV;
my $ibx = PublicInbox::Config->new->lookup_name($name) or die "no inbox $name\\n";
$ibx = PublicInbox::InboxWritable->new($ibx);
for my $f (@files) {
  open(my $fh, '<', $f) or die "$f: $!\\n";
  $ibx->import_mbox($fh, 'mboxrd');
}
`;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/** Creates an inbox (v2 by default) named `name` holding the given mbox files. */
export function buildInbox(mboxes: string[], opts: { name?: string; version?: 1 | 2 } = {}): TestInbox {
  const name = opts.name ?? 'test';
  const version = opts.version ?? 2;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bm-pi-'));
  const config = path.join(root, 'config');
  const dir = path.join(root, name);
  const env = { ...process.env, PI_CONFIG: config, HOME: root };
  run('public-inbox-init', [`-V${version}`, '-L', 'medium', name, dir, `http://127.0.0.1/${name}`, `${name}@example.org`], env);
  const script = path.join(root, 'import.pl');
  fs.writeFileSync(script, IMPORT_PL);
  const inbox: TestInbox = {
    root, dir, name, config, version,
    add(more: string[]) {
      if (more.length) run('perl', [script, name, ...more], env);
      if (version === 1) run('public-inbox-index', [dir], env);
    },
    remove(raw: Buffer) {
      const r = spawnSync('public-inbox-learn', ['rm', '--all'], { env, input: raw, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`public-inbox-learn rm failed (${r.status}): ${r.stderr}`);
    },
    purge(raw: Buffer) {
      const r = spawnSync('public-inbox-purge', ['--all'], { env, input: raw, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`public-inbox-purge failed (${r.status}): ${r.stderr}`);
    },
    cleanup() { fs.rmSync(root, { recursive: true, force: true }); },
  };
  inbox.add(mboxes);
  return inbox;
}

export interface TestServer {
  url: string;       // http://127.0.0.1:PORT
  stop(): Promise<void>;
}


/** Starts public-inbox-httpd (one process, no workers) serving the inbox's config. */
export async function startHttpd(inbox: TestInbox): Promise<TestServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const log = fs.openSync(path.join(inbox.root, `httpd-${port}.log`), 'a');
    const proc: ChildProcess = spawn('public-inbox-httpd', ['-W0', '-l', `${url}`], {
      env: { ...process.env, PI_CONFIG: inbox.config, HOME: inbox.root },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    const ready = await waitReady(`${url}/${inbox.name}/`, proc);
    if (!ready) {
      proc.kill('SIGKILL');
      await exited;
      if (attempt < 3) continue; // port taken between probe and bind: try another
      throw new Error(`public-inbox-httpd did not start; see ${inbox.root}/httpd-${port}.log`);
    }
    return {
      url,
      async stop() {
        if (proc.exitCode === null && proc.signalCode === null) {
          proc.kill('SIGTERM');
          const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(t);
        }
      },
    };
  }
}

async function waitReady(url: string, proc: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 150; i++) {
    if (proc.exitCode !== null || proc.signalCode !== null) return false;
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.status === 200) return true;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * Message-IDs the inbox itself says it holds (public-inbox's msgmap: article number -> mid),
 * a ground truth independent of our git reader.
 */
export function inboxMessageIds(inbox: TestInbox): string[] {
  const file = inbox.version === 2 ? path.join(inbox.dir, 'msgmap.sqlite3')
    : path.join(inbox.dir, 'public-inbox', 'msgmap.sqlite3');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT mid FROM msgmap ORDER BY num').all() as { mid: string }[]).map((r) => r.mid);
  } finally {
    db.close();
  }
}

/** Number of commits on HEAD of a bare repo, as git counts them. */
export function commitCount(gitDir: string): number {
  const r = spawnSync('git', ['--git-dir', gitDir, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git rev-list in ${gitDir}: ${r.stderr}`);
  return Number(r.stdout.trim());
}
