import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { DB } from '../store/db';
import { getSyncState, setSyncState, clearSyncState } from '../store/sync';
import { LoreClient, resolveServer, type LoreClientOptions } from '../ingest/lore';
import { headCommit, mirrorEpoch, readEpoch, refsFingerprint, type PublicInboxMessage } from '../ingest/publicinbox';
import { BenchmailError } from '../core/errors';
import { USER_AGENT } from '../core/config';
import { importRawMessages } from './import';

// benchmail sync LIST: keep a local copy of a whole list in step with a public-inbox server.
// Epochs come from the server's /<list>/manifest.js.gz (or by probing /<list>/git/N.git,
// then v1 /<list>); each is mirrored with git into <db dir>/git/<host>/<list>/N.git and only
// commits after the last imported one are read. The position per epoch (sync_state) is
// written in the same transaction as each batch of messages: a kill loses at most the batch
// in flight, and the next run redoes exactly that batch.

export const SINCE_KEY = '@since'; // sync_state row holding --since for the list (not an epoch)

export interface SyncOptions {
  server?: string;
  since?: Date;              // ignore mail dated before this; remembered for later runs
  cacheDir?: string;         // default: <db dir>/git/<host>/<list>
  batchSize?: number;
  threads?: number;
  http?: LoreClientOptions;
  onEvent?: (e: SyncEvent) => void;
  gitProgress?: boolean;     // show git's clone/fetch progress on stderr
  restart?: boolean;         // forget where each epoch stopped: read them again from the start
}

export type SyncEvent =
  | { kind: 'epoch'; epoch: string; action: EpochResult['action']; url: string }
  | { kind: 'batch'; epoch: string; commit: string; messages: number }; // committed through commit; messages read so far

export interface EpochResult {
  epoch: string;             // git/N.git, or v1
  url: string;
  gitDir: string;
  action: 'cloned' | 'fetched' | 'unchanged' | 'skipped';
  from: string | null;       // last imported commit before this run
  to: string | null;         // last imported commit now
  messages: number;          // messages read from new commits
  new: number;
  present: number;
  quarantined: number;
}

export interface SyncResult {
  list: string;
  server: string;
  since: string | null;
  epochs: EpochResult[];
  messages: number;
  new: number;
  present: number;
  quarantined: number;
  seconds: number;
}

interface Epoch { epoch: string; url: string; modified: number | null; fingerprint: string | null }

/** <db dir>/git/<host[_port]>/<list>: where the bare mirrors of a list's epochs live. */
export function syncCacheDir(dbPath: string, server: string, list: string): string {
  const u = new URL(server);
  const host = (u.host + u.pathname.replace(/\/+$/, '')).replace(/[^\w.-]+/g, '_');
  return path.join(path.dirname(path.resolve(dbPath)), 'git', host, list);
}

function epochNumber(e: string): number {
  const m = /^git\/(\d+)\.git$/.exec(e);
  return m ? Number(m[1]) : -1;
}

function commitExists(gitDir: string, commit: string): boolean {
  return spawnSync('git', ['--git-dir', gitDir, 'merge-base', '--is-ancestor', commit, 'HEAD'], { stdio: 'ignore' }).status === 0;
}

function gitReachable(url: string): boolean {
  const r = spawnSync('git', ['-c', `http.userAgent=${USER_AGENT}`, 'ls-remote', '--heads', url],
    { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, stdio: ['ignore', 'ignore', 'ignore'], timeout: 120_000 });
  return r.status === 0;
}

/** The list's epochs, oldest first, from its manifest, else by probing git/0.git, git/1.git... then v1. */
export async function discoverEpochs(client: LoreClient, list: string): Promise<Epoch[]> {
  let manifest: Awaited<ReturnType<LoreClient['manifest']>> | null = null;
  try {
    manifest = await client.manifest(list);
  } catch (e) {
    if (!(e instanceof BenchmailError && e.code === 'not_found')) throw e;
  }
  const out: Epoch[] = [];
  if (manifest) {
    for (const [key, v] of Object.entries(manifest)) {
      const m = /^\/?(.{0,500}?)\/git\/(\d{1,6})\.git$/.exec(key);
      const info = { modified: typeof v?.modified === 'number' ? v.modified : null, fingerprint: v?.fingerprint ?? null };
      if (m && m[1].split('/').pop() === list) out.push({ epoch: `git/${m[2]}.git`, url: client.url(`/${list}/git/${m[2]}.git`), ...info });
      else if (key.replace(/^\//, '').split('/').pop() === list) out.push({ epoch: 'v1', url: client.url(`/${list}`), ...info });
    }
  } else {
    // no manifest (an old public-inbox or a plain git host): ask git which epochs answer
    for (let n = 0; n < 10_000; n++) {
      const url = client.url(`/${list}/git/${n}.git`);
      if (!gitReachable(url)) break;
      out.push({ epoch: `git/${n}.git`, url, modified: null, fingerprint: null });
    }
    if (!out.length && gitReachable(client.url(`/${list}`))) {
      out.push({ epoch: 'v1', url: client.url(`/${list}`), modified: null, fingerprint: null });
    }
  }
  if (!out.length) {
    throw new BenchmailError('not_found', `no list ${list} on ${client.server}: ${client.url(`/${list}/manifest.js.gz`)} ` +
      `${manifest ? 'lists no git epochs' : 'answered 404'}, and no git repository answers at ${client.url(`/${list}/git/0.git`)}`);
  }
  // v2 epochs take precedence over a v1 entry for the same name
  const v2 = out.filter((e) => e.epoch !== 'v1');
  return (v2.length ? v2 : out).sort((a, b) => epochNumber(a.epoch) - epochNumber(b.epoch));
}

/** Clone or fetch every epoch of `list`, then import only the commits not yet imported. */
export async function syncList(db: DB, dbPath: string, list: string, opts: SyncOptions = {}): Promise<SyncResult> {
  const t0 = process.hrtime.bigint();
  if (!/^[\w.+-]{1,200}$/.test(list)) throw new BenchmailError('usage', `"${list}" is not a list name (e.g. lkml, netdev)`);
  const server = resolveServer(opts.server);
  const client = new LoreClient(server, opts.http);
  const cache = opts.cacheDir ?? syncCacheDir(dbPath, server, list);
  if (opts.restart) {
    const keep = getSyncState(db, list)[SINCE_KEY];
    db.transaction(() => {
      clearSyncState(db, list);
      if (keep) setSyncState(db, list, SINCE_KEY, keep);
    })();
  }
  const state = getSyncState(db, list);
  if (opts.since && Number.isNaN(opts.since.getTime())) throw new BenchmailError('usage', '--since is not a date');
  const since = opts.since ?? (state[SINCE_KEY] ? new Date(state[SINCE_KEY]) : undefined);
  const sinceTs = since ? Math.floor(since.getTime() / 1000) : null;

  const epochs = await discoverEpochs(client, list);
  if (opts.since) setSyncState(db, list, SINCE_KEY, opts.since.toISOString());
  const res: SyncResult = { list, server, since: since?.toISOString() ?? null, epochs: [], messages: 0, new: 0, present: 0, quarantined: 0, seconds: 0 };
  fs.mkdirSync(cache, { recursive: true });

  for (const e of epochs) {
    const gitDir = path.join(cache, e.epoch === 'v1' ? 'v1.git' : path.basename(e.epoch));
    const from = state[e.epoch] ?? null;
    const r: EpochResult = { epoch: e.epoch, url: e.url, gitDir, action: 'unchanged', from, to: from, messages: 0, new: 0, present: 0, quarantined: 0 };
    res.epochs.push(r);
    const haveClone = fs.existsSync(gitDir);
    const newest = e === epochs[epochs.length - 1];
    if (!from && !haveClone && !newest && sinceTs !== null && e.modified !== null && e.modified < sinceTs) {
      // a closed epoch whose last commit predates --since: not even cloned (lkml has many)
      r.action = 'skipped';
    } else if (haveClone && e.fingerprint && refsFingerprint(gitDir) === e.fingerprint) {
      r.action = 'unchanged';
    } else {
      r.action = await mirrorEpoch(e.url, gitDir, { userAgent: USER_AGENT, progress: opts.gitProgress });
    }
    opts.onEvent?.({ kind: 'epoch', epoch: e.epoch, action: r.action, url: e.url });
    if (r.action === 'skipped') continue;
    const head = headCommit(gitDir);
    if (!head || head === from) continue;

    const label = `${list}/${e.epoch === 'v1' ? 'v1' : e.epoch}`;
    let read = 0;
    if (from && !commitExists(gitDir, from)) {
      throw new BenchmailError('bad_input', `${list} ${e.epoch}: the last imported commit ${from} is not in the server's ` +
        `history any more (rewritten, e.g. by public-inbox-purge); run \`benchmail sync ${list} --restart\` to read ` +
        'the epoch again from its first commit (stored messages are kept and not duplicated)');
    }
    const messages = counted(readEpoch(gitDir, label, { after: from ?? undefined, since, head }), () => read++);
    let written: string | null = null; // set inside the batch transaction, reported after it commits
    const s = await importRawMessages(db, messages, {
      list, batchSize: opts.batchSize, threads: opts.threads,
      onBatch: (wdb, last) => {
        written = (last as PublicInboxMessage).commit;
        setSyncState(wdb, list, e.epoch, written);
      },
      onProgress: () => {
        if (!written) return;
        r.to = written;
        opts.onEvent?.({ kind: 'batch', epoch: e.epoch, commit: written, messages: read });
        written = null;
      },
    });
    // every commit up to head was imported or deliberately skipped (deletions, --since)
    db.transaction(() => setSyncState(db, list, e.epoch, head))();
    r.to = head;
    r.messages = s.messages; r.new = s.new; r.present = s.present; r.quarantined = s.quarantined;
    res.messages += s.messages; res.new += s.new; res.present += s.present; res.quarantined += s.quarantined;
  }
  res.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return res;
}

async function* counted<T>(it: AsyncIterable<T>, tick: () => void): AsyncGenerator<T> {
  for await (const x of it) { tick(); yield x; }
}
