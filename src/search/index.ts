import type { DB } from '../store/db';
import { runSearch, listIdByName } from '../store/search';
import { parseQuery } from './parse';
import { compile } from './compile';
import { parseBodyText } from '../ingest/parse';
import { BenchmailError } from '../core/errors';

export interface SearchResult {
  messageId: string; list: string; threadId: string; subject: string;
  fromName: string; fromAddr: string; date: number | null; snippet: string;
}

/** Full-text and figure search, newest first. */
export function searchMessages(db: DB, query: string, opts: { list?: string; limit?: number; offset?: number } = {}):
  { total: number; results: SearchResult[] } {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 1000);
  const offset = Math.max(opts.offset ?? 0, 0);
  const c = compile(parseQuery(query));
  let listId: number | undefined;
  if (opts.list && opts.list !== 'all') {
    listId = listIdByName(db, opts.list);
    if (listId === undefined) return { total: 0, results: [] };
  }
  let res;
  try {
    res = runSearch(db, c.where, c.params, { listId, limit, offset, textOnly: c.textOnly, narrow: c.narrow, idQuery: c.idQuery });
  } catch (e) {
    // FTS5 rejects some terms (e.g. only punctuation): a query error, not a crash.
    if (/fts5|MATCH/i.test((e as Error).message)) throw new BenchmailError('bad_input', `the search index cannot take this query: ${(e as Error).message}`);
    throw e;
  }
  return {
    total: res.total,
    results: res.rows.map((r) => ({
      messageId: r.message_id, list: r.list, threadId: r.thread_id, subject: r.subject,
      fromName: r.from_name, fromAddr: r.from_addr, date: r.date, snippet: snippet(r.raw, c.terms),
    })),
  };
}

/** ~200 characters of the body around the first search term, else the start of the own text. */
function snippet(raw: () => Buffer, terms: string[]): string {
  let text: string;
  try { text = parseBodyText(raw()); } catch { return ''; }
  const lower = text.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t.toLowerCase());
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) {
    const own = text.split('\n').filter((l) => l.trim() && !l.startsWith('>') && !/wrote:\s*$/.test(l));
    return own.join(' ').replace(/\s+/g, ' ').slice(0, 200);
  }
  const start = Math.max(0, at - 80);
  return (start > 0 ? '…' : '') + text.slice(start, start + 200).replace(/\s+/g, ' ') + (start + 200 < text.length ? '…' : '');
}
