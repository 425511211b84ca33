import type { Site } from './site';
import { BenchmailError, notFound } from '../../core/errors';
import { urls, fmtDate, isoDate } from './urls';
import { searchMessages } from '../../search';

// GET /<list>/?q=... and /all/?q=...: the lead's query language (lore prefixes
// plus figure terms) through searchMessages; snippets cut into hit / non-hit pieces.

export const RESULTS_PER_PAGE = 25;

export interface SnippetPiece { text: string; hit: boolean }
export interface ResultItem {
  messageId: string; list: string; url: string; threadUrl: string; subject: string; fromName: string;
  date: string | null; dateShown: string; snippet: string; pieces: SnippetPiece[];
}
export interface SearchPage {
  page: 'search'; title: string; q: string; list: string | null; total: number; offset: number;
  results: ResultItem[]; nextUrl: string | null; prevUrl: string | null; terms: string[];
}

/** Words worth highlighting: free text and the values of text prefixes (s: b: f: ...); not figure terms. */
export function highlightTerms(q: string): string[] {
  const terms: string[] = [];
  for (const m of q.slice(0, 1000).matchAll(/(?:(\w{1,8}):)?("[^"]{1,200}"|[^\s"]{1,200})/g)) {
    const prefix = m[1]?.toLowerCase();
    if (prefix && !['s', 'b', 'bs', 'q', 'nq', 'f', 'a', 't', 'c'].includes(prefix)) continue;
    const w = m[2].replace(/^"|"$/g, '').replace(/[*()]/g, '').trim();
    if (!w || /^(AND|OR|NOT)$/.test(w)) continue;
    terms.push(w.toLowerCase());
  }
  return [...new Set(terms)].filter((t) => t.length > 1).slice(0, 20);
}

/** Cuts a snippet into pieces; a snippet already marked with [..] or <b>..</b> by FTS5 keeps those marks. */
export function snippetPieces(snippet: string, terms: string[]): SnippetPiece[] {
  const marked = /\u0002([^\u0003]{0,500})\u0003/g;
  const s = snippet.replace(/<b>([^<]{0,500})<\/b>/g, '\u0002$1\u0003');
  const out: SnippetPiece[] = [];
  const pushText = (t: string) => {
    if (!t) return;
    if (!terms.length) { out.push({ text: t, hit: false }); return; }
    const lower = t.toLowerCase();
    let pos = 0;
    while (pos < t.length) {
      let best = -1, len = 0;
      for (const term of terms) {
        const i = lower.indexOf(term, pos);
        if (i >= 0 && (best < 0 || i < best)) { best = i; len = term.length; }
      }
      if (best < 0) break;
      if (best > pos) out.push({ text: t.slice(pos, best), hit: false });
      out.push({ text: t.slice(best, best + len), hit: true });
      pos = best + len;
    }
    if (pos < t.length) out.push({ text: t.slice(pos), hit: false });
  };
  let pos = 0;
  for (const m of s.matchAll(marked)) {
    pushText(s.slice(pos, m.index));
    out.push({ text: m[1], hit: true });
    pos = m.index! + m[0].length;
  }
  pushText(s.slice(pos));
  return out;
}

export function searchPage(site: Site, list: string | null, q: string, o: string | undefined): SearchPage {
  if (list && !site.reader.list(list)) throw notFound(`there is no list "${list}" in this archive; search all lists at /all/?q=`);
  const offset = Number(o ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new BenchmailError('bad_input', '?o= takes a result offset (a whole number)');
  // An empty query is the search form itself, not an error.
  const res = q.trim() ? searchMessages(site.db, q, { list: list ?? undefined, limit: RESULTS_PER_PAGE, offset }) : { total: 0, results: [] };
  const terms = highlightTerms(q);
  const base = `/${list ?? 'all'}/?q=${encodeURIComponent(q)}`;
  return {
    page: 'search', title: `${q} - search ${list ?? 'all lists'}`, q, list, total: res.total, offset, terms,
    results: res.results.map((r) => ({
      messageId: r.messageId, list: r.list, url: urls.message(r.list, r.messageId), threadUrl: urls.nested(r.list, r.messageId),
      subject: r.subject || '(no subject)', fromName: r.fromName || r.fromAddr, date: isoDate(r.date), dateShown: fmtDate(r.date),
      snippet: r.snippet, pieces: snippetPieces(r.snippet ?? '', terms),
    })),
    nextUrl: offset + RESULTS_PER_PAGE < res.total ? `${base}&o=${offset + RESULTS_PER_PAGE}` : null,
    prevUrl: offset > 0 ? (offset - RESULTS_PER_PAGE > 0 ? `${base}&o=${offset - RESULTS_PER_PAGE}` : base) : null,
  };
}
