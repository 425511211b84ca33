import { Readable } from 'node:stream';
import type { DB } from '../store/db';
import { storedThreadOf, storedIds } from '../store/sync';
import { Reader } from '../store/read';
import { figuresForThread, type FigureRow } from '../store/read-figures';
import { LoreClient, resolveServer, threadOverviewIds, type LoreClientOptions } from '../ingest/lore';
import { splitMbox } from '../ingest/mbox';
import { normalizeMsgId } from '../core/msgid';
import { BenchmailError } from '../core/errors';
import type { RawMessage } from '../core/types';
import { importRawMessages, type ImportOptions } from './import';

// benchmail fetch ID...: a thread from a public-inbox server (lore.kernel.org by default),
// named as b4 names it: bare Message-ID, <id>, id:ID or a URL such as
// https://lore.kernel.org/lkml/ID/ . The whole thread comes as /<list>/<id>/t.mbox.gz;
// when part of the thread is already stored we read the thread's message list from the
// message page and fetch only the missing messages as /<list>/<id>/raw.

export interface FetchOptions {
  server?: string;          // --server (a URL argument's own server wins)
  list?: string;            // --list: inbox on the server, and the local list name
  client?: LoreClient;      // reuse one client (and its request log) across ids
  http?: LoreClientOptions;
  import?: Pick<ImportOptions, 'threads' | 'extract' | 'onNote'>;
}

export interface FetchTarget { input: string; messageId: string; server: string; list: string }

export interface FetchResult extends FetchTarget {
  how: 'thread' | 'messages' | 'none'; // whole t.mbox.gz, only missing messages, or nothing missing
  downloaded: number;       // messages received from the server
  new: number;
  present: number;
  quarantined: number;
  requests: number;         // HTTP requests made for this id
  threadId: string | null;
  subject: string;
  messages: number;         // messages of the thread now stored
  figures: FigureRow[];
}

/** Where to ask for `input`: a URL names its server and inbox; otherwise --server/--list, else lore's "all". */
export function fetchTarget(input: string, opts: Pick<FetchOptions, 'server' | 'list'> = {}): FetchTarget {
  const messageId = normalizeMsgId(input);
  if (!messageId) throw new BenchmailError('usage', `"${input}" names no Message-ID`);
  let server = resolveServer(opts.server);
  let list = opts.list ?? 'all';
  const s = input.trim();
  if (/^https?:\/\//i.test(s)) {
    const u = new URL(s);
    server = resolveServer(u.origin);
    const segs = u.pathname.split('/').filter(Boolean);
    const at = segs.findIndex((x) => safeDecode(x) === messageId);
    // /<list>/<id>/... names the inbox; lore's /r/<id> is a redirector, so ask "all"
    if (at > 0 && !opts.list) list = segs[at - 1] === 'r' ? 'all' : segs[at - 1];
  }
  if (!/^[\w.+-]{1,200}$/.test(list)) throw new BenchmailError('usage', `--list ${list}: not an inbox name`);
  return { input, messageId, server, list };
}

function safeDecode(x: string): string {
  try { return decodeURIComponent(x); } catch { return x; }
}

async function splitAll(mbox: Buffer, source: string): Promise<RawMessage[]> {
  const out: RawMessage[] = [];
  for await (const m of splitMbox(Readable.from([mbox]), source)) out.push(m);
  return out;
}

/** Fetches and imports the thread of one id; see the header comment for what is asked. */
export async function fetchThread(db: DB, input: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const t = fetchTarget(input, opts);
  const client = opts.client && opts.client.server === t.server ? opts.client : new LoreClient(t.server, opts.http);
  const before = client.requests.length;
  let how: FetchResult['how'] = 'thread';
  let items: RawMessage[] = [];

  const stored = storedThreadOf(db, t.messageId);
  if (stored) {
    const page = await client.messagePage(t.list, t.messageId);
    const listed = threadOverviewIds(page.html);
    if (listed) {
      const all = [...new Set([t.messageId, ...listed])];
      const have = storedIds(db, all);
      const missing = all.filter((x) => !have.has(x));
      if (!missing.length) how = 'none';
      else if (missing.length * 2 <= all.length) {
        how = 'messages';
        for (const id of missing) {
          const r = await client.rawMessage(t.list, id);
          items.push(...await splitAll(r.mbox, r.url));
        }
      }
    }
  }
  if (how === 'thread') {
    const r = await client.threadMbox(t.list, t.messageId);
    items = await splitAll(r.mbox, r.url);
  }

  const localList = opts.list ?? (t.list !== 'all' ? t.list : undefined);
  const s = items.length
    ? await importRawMessages(db, items, { ...opts.import, list: localList })
    : { new: 0, present: 0, quarantined: 0 };
  const thread = storedThreadOf(db, t.messageId);
  const rd = new Reader(db);
  const subject = thread ? (rd.message(t.messageId)?.subject ?? '') : '';
  return {
    ...t, how, downloaded: items.length, new: s.new, present: s.present, quarantined: s.quarantined,
    requests: client.requests.length - before,
    threadId: thread?.threadId ?? null, subject, messages: thread?.messageIds.length ?? 0,
    figures: thread ? figuresForThread(rd, thread.threadId) : [],
  };
}

/** fetchThread for each id in turn (one request at a time per server). */
export async function fetchThreads(db: DB, inputs: string[], opts: FetchOptions = {}): Promise<FetchResult[]> {
  const out: FetchResult[] = [];
  for (const input of inputs) out.push(await fetchThread(db, input, opts));
  return out;
}
