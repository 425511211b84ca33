// public-inbox git archives -> raw messages.
// v2 inbox: DIR/git/N.git epochs, each commit replaces the blob `m` with one message
// (a deletion removes `m` and adds `d`). v1 inbox (and lore's old all.git): one bare
// repo, each commit adds one file xx/yyyy... named after the Message-ID's SHA-1.
// We stream: one `git log --raw` per epoch lists commits oldest first with the blob
// each one added, and ONE long-lived `git cat-file --batch` per epoch returns the bytes.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import crypto from 'node:crypto';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BenchmailError } from '../core/errors';
import type { RawMessage } from '../core/types';

export interface PublicInboxMessage extends RawMessage {
  commit: string;  // the commit that added this message
  epoch: string;   // epoch label: "git/0.git" in a v2 inbox, the repo's basename for a bare repo
}

export interface ReadPublicInboxOptions {
  /** per epoch label, the last commit already imported: only commits after it are read */
  after?: Record<string, string>;
  /** skip messages whose Date (git author time) is before this */
  since?: Date;
}

// Blobs requested from cat-file but not yet read back; bounds memory and keeps the pipe full.
const IN_FLIGHT = 64;
const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const V1_PATH = /^[0-9a-f]{2}\/[0-9a-f]{38}(?:[0-9a-f]{24})?$/;

function isDir(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}
function isFile(p: string): boolean {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}

/** A bare git repository by content: HEAD file, objects/ and refs/ directories. */
function isBareRepo(dir: string): boolean {
  return isFile(path.join(dir, 'HEAD')) && isDir(path.join(dir, 'objects')) && isDir(path.join(dir, 'refs'));
}

/** Epoch repos of a v2 inbox directory, numerically ordered (git/0.git, git/1.git, ...). */
function v2Epochs(dir: string): string[] {
  const g = path.join(dir, 'git');
  if (!isDir(g)) return [];
  return fs.readdirSync(g)
    .filter((f) => /^\d{1,6}\.git$/.test(f) && isBareRepo(path.join(g, f)))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((f) => `git/${f}`);
}

function isV2InboxDir(dir: string): boolean {
  return v2Epochs(dir).length > 0 &&
    (isFile(path.join(dir, 'msgmap.sqlite3')) || isFile(path.join(dir, 'inbox.lock')));
}

function git(gitDir: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.error) throw new BenchmailError('io', `cannot run git (is it installed and on the PATH?): ${r.error.message}`);
  return { ok: r.status === 0, out: r.stdout, err: r.stderr };
}

/** The commit HEAD points at, or null for a repository with no commits yet. */
export function headCommit(gitDir: string): string | null {
  const r = git(gitDir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  return r.ok ? r.out.trim() : null;
}

/** Does the HEAD tree look like public-inbox: a blob `m` or `d` (v2), or xx/ fan-out dirs (v1)? */
function headLooksLikeInbox(gitDir: string): boolean {
  const r = git(gitDir, ['ls-tree', '--name-only', 'HEAD']);
  if (!r.ok) return false;
  const names = r.out.split('\n').filter(Boolean);
  return names.some((n) => n === 'm' || n === 'd') ||
    (names.length > 0 && names.every((n) => /^[0-9a-f]{2}$/.test(n)));
}

/**
 * True for a public-inbox archive, recognised by content: a v2 inbox directory (git/N.git
 * epochs plus msgmap.sqlite3 or inbox.lock), or a bare git repo whose tree is a v2 epoch
 * (`m`) or a v1 inbox (xx/ fan-out), e.g. lore's all.git or a cloned git/0.git.
 */
export function isPublicInboxGit(dir: string): boolean {
  if (isV2InboxDir(dir)) return true;
  return isBareRepo(dir) && headLooksLikeInbox(dir);
}

/** The epochs of an archive as [label, git dir] pairs, oldest first. */
export function listEpochs(dir: string): Array<[string, string]> {
  if (isV2InboxDir(dir)) return v2Epochs(dir).map((e) => [e, path.join(dir, e)]);
  if (isBareRepo(dir)) return [[path.basename(path.resolve(dir)), dir]];
  throw new BenchmailError('bad_input', `${dir} is not a public-inbox archive (no git/N.git epochs and not a bare git repository)`);
}

/** Every message of a public-inbox archive, epoch by epoch, oldest commit first. */
export async function* readPublicInbox(dir: string, opts: ReadPublicInboxOptions = {}): AsyncGenerator<PublicInboxMessage> {
  for (const [label, gitDir] of listEpochs(dir)) {
    yield* readEpoch(gitDir, label, { after: opts.after?.[label], since: opts.since });
  }
}

export interface ReadEpochOptions {
  after?: string;   // last commit already imported
  since?: Date;
  head?: string;    // stop at this commit (default: HEAD now), so a concurrent fetch cannot move the end
}

/** One epoch (one bare repo), commits after `after` up to `head`, oldest first. */
export async function* readEpoch(gitDir: string, label: string, opts: ReadEpochOptions = {}): AsyncGenerator<PublicInboxMessage> {
  const head = opts.head ?? headCommit(gitDir);
  if (!head) return; // empty epoch: nothing yet
  if (opts.after) {
    if (!OID.test(opts.after) || !git(gitDir, ['cat-file', '-e', `${opts.after}^{commit}`]).ok) {
      throw new BenchmailError('bad_input',
        `${label}: the last imported commit ${opts.after} is not in ${gitDir} (was the archive's history rewritten?); ` +
        'nothing imported from this epoch');
    }
    if (opts.after === head) return;
  }
  const sinceTs = opts.since ? Math.floor(opts.since.getTime() / 1000) : null;
  const range = opts.after ? `${opts.after}..${head}` : head;
  const log = spawn('git', ['--git-dir', gitDir, 'log', '--reverse', '--root', '--raw', '--no-abbrev',
    '--no-renames', '--no-color', '--diff-merges=off', '--format=%H %at', range, '--'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  const logErr = collect(log);
  const logDone = exited(log);
  const cat = new CatFile(gitDir);
  const pending: Array<{ commit: string; blob: string }> = [];

  const take = async (): Promise<PublicInboxMessage | null> => {
    const p = pending.shift()!;
    const raw = await cat.read(p.blob);
    if (!raw) return null;
    return { raw, source: `git:${label}:${p.commit}`, offset: null, commit: p.commit, epoch: label };
  };

  try {
    let commit: string | null = null;
    let at = 0;
    let blob: string | null = null;
    const finishCommit = () => {
      if (commit && blob && (sinceTs === null || at >= sinceTs)) {
        cat.request(blob);
        pending.push({ commit, blob });
      }
      commit = null; blob = null;
    };
    const rl = readline.createInterface({ input: log.stdout, crlfDelay: Infinity });
    for await (const line of rl) {
      if (line.startsWith(':')) {
        // ":100644 100644 <old> <new> M\tm" (status A/M add a message; D is a deletion: skipped)
        const tab = line.indexOf('\t');
        if (tab < 0 || !commit || blob) continue;
        const meta = line.slice(1, tab).split(' ');
        const file = line.slice(tab + 1);
        const status = meta[4] ?? '';
        if ((status === 'A' || status === 'M') && (file === 'm' || V1_PATH.test(file)) && meta[1] !== '160000') {
          blob = meta[3];
        }
      } else if (line.length > 40) {
        const sp = line.indexOf(' ');
        const sha = line.slice(0, sp);
        if (sp > 0 && OID.test(sha)) {
          finishCommit();
          commit = sha;
          at = Number(line.slice(sp + 1)) || 0;
        }
      }
      while (pending.length >= IN_FLIGHT) {
        const m = await take();
        if (m) yield m;
      }
    }
    finishCommit();
    const code = await logDone;
    if (code !== 0) {
      throw new BenchmailError('io', `git log in ${gitDir} failed (exit ${code}): ${logErr().trim().slice(0, 500)}`);
    }
    while (pending.length) {
      const m = await take();
      if (m) yield m;
    }
  } finally {
    cat.close();
    if (log.exitCode === null) log.kill();
  }
}

/** The last 4 KB of a child's stderr (for error messages), echoed to ours if asked. */
function collect(p: { stderr: NodeJS.ReadableStream | null }, echo = false): () => string {
  let s = '';
  p.stderr?.setEncoding('utf8');
  p.stderr?.on('data', (d: string) => {
    if (echo) process.stderr.write(d);
    s = (s + d).slice(-4096);
  });
  return () => s;
}

function exited(p: { on(ev: 'close', f: (code: number | null) => void): unknown; on(ev: 'error', f: (e: Error) => void): unknown }): Promise<number | null> {
  return new Promise((resolve, reject) => {
    p.on('error', (e) => reject(new BenchmailError('io', `cannot run git (is it installed and on the PATH?): ${e.message}`)));
    p.on('close', (code) => resolve(code));
  });
}

/**
 * One `git cat-file --batch` process: requests are written as they come, replies are
 * read back in the same order ("<oid> blob <size>\n<bytes>\n" or "<oid> missing\n").
 */
class CatFile {
  private proc: ChildProcessWithoutNullStreams;
  private chunks: Buffer[] = [];
  private have = 0;
  private ended = false;
  private wake: (() => void) | null = null;
  private err: () => string;
  private failure: Error | null = null;

  constructor(private gitDir: string) {
    this.proc = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.err = collect(this.proc);
    this.proc.on('error', (e) => { this.failure = e; this.ended = true; this.poke(); });
    this.proc.stdin.on('error', () => { /* reported through stdout end */ });
    this.proc.stdout.on('data', (b: Buffer) => {
      this.chunks.push(b);
      this.have += b.length;
      // backpressure: stop reading while more than a few MB are waiting to be consumed
      if (this.have > 8 << 20) this.proc.stdout.pause();
      this.poke();
    });
    this.proc.stdout.on('end', () => { this.ended = true; this.poke(); });
  }

  request(oid: string): void {
    this.proc.stdin.write(oid + '\n');
  }

  /** The blob's bytes, or null when git says it is missing. */
  async read(oid: string): Promise<Buffer | null> {
    const header = (await this.line()).toString('latin1');
    if (header.endsWith(' missing')) {
      throw new BenchmailError('io', `blob ${oid} is missing from ${this.gitDir} (incomplete clone?)`);
    }
    const m = /^([0-9a-f]{40,64}) (\w{1,10}) (\d{1,15})$/.exec(header);
    if (!m || m[1] !== oid) throw new BenchmailError('io', `git cat-file in ${this.gitDir} answered "${header.slice(0, 120)}" for ${oid}`);
    const data = await this.bytes(Number(m[3]) + 1); // + the trailing LF
    return m[2] === 'blob' ? data.subarray(0, data.length - 1) : null;
  }

  close(): void {
    this.proc.stdin.end();
    if (this.proc.exitCode === null) this.proc.kill();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    if (w) w();
  }

  private async waitMore(): Promise<void> {
    if (this.ended) {
      const why = this.failure?.message ?? this.err().trim();
      throw new BenchmailError('io', `git cat-file in ${this.gitDir} stopped early${why ? `: ${why.slice(0, 300)}` : ''}`);
    }
    this.proc.stdout.resume();
    await new Promise<void>((r) => { this.wake = r; });
  }

  private async line(): Promise<Buffer> {
    for (;;) {
      let n = 0;
      for (const c of this.chunks) {
        const i = c.indexOf(10);
        if (i >= 0) {
          const out = this.take(n + i + 1);
          return out.subarray(0, out.length - 1);
        }
        n += c.length;
      }
      await this.waitMore();
    }
  }

  private async bytes(n: number): Promise<Buffer> {
    while (this.have < n) await this.waitMore();
    return this.take(n);
  }

  /** Removes and returns the first n buffered bytes. */
  private take(n: number): Buffer {
    let out: Buffer;
    if (this.chunks[0].length >= n) {
      out = this.chunks[0].subarray(0, n);
      this.chunks[0] = this.chunks[0].subarray(n);
      if (!this.chunks[0].length) this.chunks.shift();
    } else {
      out = Buffer.allocUnsafe(n);
      let off = 0;
      while (off < n) {
        const c = this.chunks[0];
        const k = Math.min(c.length, n - off);
        c.copy(out, off, 0, k);
        off += k;
        if (k === c.length) this.chunks.shift(); else this.chunks[0] = c.subarray(k);
      }
    }
    this.have -= n;
    if (this.have <= 8 << 20) this.proc.stdout.resume();
    return out;
  }
}

// ---- mirroring an epoch from a server (benchmail sync) ----

/** SHA-1 of `git show-ref`, as public-inbox's manifest.js.gz "fingerprint" of a repo. */
export function refsFingerprint(gitDir: string): string | null {
  const r = spawnSync('git', ['--git-dir', gitDir, 'show-ref'], { maxBuffer: 64 << 20 });
  if (r.status !== 0 || !r.stdout.length) return null;
  return crypto.createHash('sha1').update(r.stdout).digest('hex');
}

export interface MirrorOptions {
  userAgent: string;
  env?: NodeJS.ProcessEnv;
  progress?: boolean;  // let git draw its progress on our stderr (a terminal)
}

/**
 * Clones `url` as a bare mirror into gitDir, or fetches into an existing one. A clone goes
 * to gitDir.partial first and is renamed when complete, so an interrupted clone is redone,
 * never mistaken for a finished one; an interrupted fetch leaves git's refs as they were.
 */
export async function mirrorEpoch(url: string, gitDir: string, opts: MirrorOptions): Promise<'cloned' | 'fetched'> {
  const cfg = ['-c', `http.userAgent=${opts.userAgent}`, '-c', 'http.lowSpeedLimit=1000', '-c', 'http.lowSpeedTime=120'];
  const env = { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: '0' };
  const quiet = opts.progress ? '--progress' : '--quiet';
  if (isBareRepo(gitDir)) {
    await runGit([...cfg, '--git-dir', gitDir, 'fetch', quiet, '--prune', 'origin'], env, `git fetch ${url}`, opts.progress);
    return 'fetched';
  }
  const partial = `${gitDir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(gitDir), { recursive: true });
  await runGit([...cfg, 'clone', '--mirror', quiet, url, partial], env, `git clone ${url}`, opts.progress);
  fs.renameSync(partial, gitDir);
  return 'cloned';
}

function runGit(args: string[], env: NodeJS.ProcessEnv, what: string, echo = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('git', args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const err = collect(p, echo);
    p.on('error', (e) => reject(new BenchmailError('io', `cannot run git (is it installed and on the PATH?): ${e.message}`)));
    p.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const msg = err().trim().split('\n').slice(-3).join(' ').slice(0, 400);
      const kind = /\b404\b|not found/i.test(msg) ? 'not_found' : 'network';
      reject(new BenchmailError(kind, `${what} failed (${signal ?? `exit ${code}`}): ${msg}`));
    });
  });
}
