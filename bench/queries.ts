// Query timings on one archive, median of N (default 20) after one untimed warm-up:
// ours in-process (the API the CLI and site call) and as a CLI process (node start included),
// and the peers' CLI equivalents. A query whose runs exceed the time budget stops early and
// says how many runs it got, rather than stalling the whole bench.
import path from 'node:path';
import { openDb, type DB } from '../src/store/db';
import { searchMessages } from '../src/search';
import { threadOf, decodedOf, type ThreadEntry } from '../src/api/messages';
import { run } from './proc';
import { median } from './stats';

export const SEARCH_TERMS: [string, string] = ['regression', 'throughput'];
export const FIGURE_QUERY = 'tool:lmbench v:>100MB/s';

export interface QueryTiming {
  name: string; who: string; how: 'in-process' | 'cli';
  medianMs: number; runs: number; samplesMs: number[]; results?: number; note?: string;
}

export interface QueryOptions { runs: number; budgetS: number }

/** The thread we fetch: the largest in the archive (ties: smallest thread id), by one of its real messages. */
export function pickThread(dbFile: string): { messageId: string; size: number } {
  const db = openDb(dbFile, { readonly: true });
  try {
    const t = db.prepare('SELECT thread_id AS id, count(*) AS n FROM messages GROUP BY thread_id ORDER BY n DESC, thread_id LIMIT 1').get() as { id: string; n: number };
    const m = db.prepare('SELECT message_id FROM messages WHERE thread_id = ? ORDER BY date, message_id LIMIT 1').get(t.id) as { message_id: string };
    return { messageId: m.message_id, size: t.n };
  } finally { db.close(); }
}

async function repeat(o: QueryOptions, once: () => Promise<number> | number): Promise<number[]> {
  await once(); // warm-up: page cache and statement caches, not timed
  const out: number[] = [];
  const t0 = Date.now();
  while (out.length < o.runs && (out.length < 3 || Date.now() - t0 < o.budgetS * 1000)) out.push(await once());
  return out;
}

function timing(name: string, who: string, how: QueryTiming['how'], samples: number[], o: QueryOptions, extra: Partial<QueryTiming> = {}): QueryTiming {
  const t: QueryTiming = { name, who, how, medianMs: median(samples), runs: samples.length, samplesMs: samples.map((x) => Number(x.toFixed(3))), ...extra };
  if (samples.length < o.runs) t.note = `stopped after ${samples.length} runs: over the ${o.budgetS} s budget`;
  return t;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/** Thread with bodies, in-process: the tree, then each message decoded (what notmuch show gives). */
function threadWithBodies(db: DB, id: string): number {
  const t = threadOf(db, id);
  let n = 0;
  const walk = (es: ThreadEntry[]) => { for (const e of es) { if (!e.placeholder) { decodedOf(db, e.messageId); n++; } walk(e.children); } };
  walk(t.tree);
  return n;
}

export async function oursQueries(root: string, dbFile: string, threadId: string, o: QueryOptions): Promise<QueryTiming[]> {
  const out: QueryTiming[] = [];
  const q = SEARCH_TERMS.join(' ');
  const db = openDb(dbFile, { readonly: true });
  let searchN = 0, figureN = 0, threadN = 0;
  try {
    out.push(timing('search newest 50', 'benchmail', 'in-process', await repeat(o, () => {
      const t0 = process.hrtime.bigint(); searchN = searchMessages(db, q, { limit: 50 }).results.length; return ms(t0);
    }), o));
    out[out.length - 1].results = searchN;
    out.push(timing('thread with bodies', 'benchmail', 'in-process', await repeat(o, () => {
      const t0 = process.hrtime.bigint(); threadN = threadWithBodies(db, threadId); return ms(t0);
    }), o, { results: threadN }));
    out[out.length - 1].results = threadN;
    out.push(timing('figure query', 'benchmail', 'in-process', await repeat(o, () => {
      const t0 = process.hrtime.bigint(); figureN = searchMessages(db, FIGURE_QUERY, { limit: 50 }).results.length; return ms(t0);
    }), o));
    out[out.length - 1].results = figureN;
  } finally { db.close(); }

  const bin = path.join(root, 'bin', 'benchmail.js');
  const cli = async (args: string[]) => {
    const r = await run(process.execPath, [bin, ...args], { keepStdout: false });
    if (r.status !== 0) throw new Error(`benchmail ${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
    return r.wallS * 1000;
  };
  // What a CLI process costs before it does anything: bare node, then node + our CLI modules.
  out.push(timing('bare node start (node -e 0)', 'node', 'cli', await repeat(o, async () => (await run(process.execPath, ['-e', '0'])).wallS * 1000), o));
  out.push(timing('CLI start (--version)', 'benchmail', 'cli', await repeat(o, () => cli(['--version'])), o));
  out.push(timing('search newest 50', 'benchmail', 'cli', await repeat(o, () => cli(['search', ...SEARCH_TERMS, '--db', dbFile, '--limit', '50', '--json'])), o));
  out.push(timing('thread with bodies', 'benchmail', 'cli', await repeat(o, () => cli(['thread', threadId, '--db', dbFile, '--mbox'])), o,
    { note: 'benchmail thread ID --mbox (every message, byte-exact)' }));
  out.push(timing('figure query', 'benchmail', 'cli', await repeat(o, () => cli(['search', FIGURE_QUERY, '--db', dbFile, '--limit', '50', '--json'])), o));
  return out;
}

export async function peerQueries(who: string, cmds: { search: string[] | null; thread: string[] | null; threadNote: string },
  env: NodeJS.ProcessEnv, o: QueryOptions): Promise<QueryTiming[]> {
  const out: QueryTiming[] = [];
  const time = async (argv: string[]) => {
    const r = await run(argv[0], argv.slice(1), { env, keepStdout: false });
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.slice(-500)}`);
    return r.wallS * 1000;
  };
  if (cmds.search) out.push(timing('search newest 50', who, 'cli', await repeat(o, () => time(cmds.search!)), o, { note: cmds.search.join(' ').replace(/--muhome=\S+/, '--muhome=DIR') }));
  if (cmds.thread) out.push(timing('thread with bodies', who, 'cli', await repeat(o, () => time(cmds.thread!)), o, { note: cmds.threadNote }));
  return out;
}
