import type { Site } from './site';
import type { ThreadSummary, ThreadHead, ListRow } from '../../store/read';
import { BenchmailError, notFound } from '../../core/errors';
import { urls, fmtDate, isoDate } from './urls';

// The front page (lists + latest threads) and a list's thread index with date navigation.

export const THREADS_PER_PAGE = 50;

export interface ThreadItem {
  threadId: string; list: string; url: string; subject: string; fromName: string;
  messages: number; figures: number; first: string | null; last: string | null; lastShown: string;
}

export interface ListItem {
  name: string; listId: string | null; url: string; messages: number; threads: number; figures: number;
  first: string | null; last: string | null;
}

export interface MonthNav { year: string; months: { month: string; messages: number; url: string; current: boolean }[] }

function threadItem(h: ThreadHead): ThreadItem {
  return {
    threadId: h.threadId, list: h.list, url: urls.message(h.list, h.rootMessageId),
    subject: h.subject || '(no subject)', fromName: h.fromName || h.fromAddr,
    messages: h.messages, figures: h.figures, first: isoDate(h.first), last: isoDate(h.last), lastShown: fmtDate(h.last),
  };
}

function listItem(l: ListRow): ListItem {
  return {
    name: l.name, listId: l.listId, url: urls.list(l.name), messages: l.messages, threads: l.threads,
    figures: l.figures, first: isoDate(l.first), last: isoDate(l.last),
  };
}

export interface HomePage { page: 'home'; title: string; lists: ListItem[]; latest: ThreadItem[] }

// GET /
export function homePage(site: Site): HomePage {
  const rd = site.reader;
  const latest = rd.threadHeads(rd.threadSummaries(null).slice(0, 25)).map(threadItem);
  return { page: 'home', title: 'benchmail', lists: rd.lists().map(listItem), latest };
}

/** ?t=YYYYMMDD[hhmmss] -> unix seconds (end of that day when only the date is given). */
export function parseStamp(s: string, name: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(s);
  if (!m) throw new BenchmailError('bad_input', `?${name}= takes a date as YYYYMMDD or YYYYMMDDhhmmss, got "${s.slice(0, 30)}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  if (m[4] === undefined) return Date.UTC(y, mo, d + 1) / 1000 - 1;
  return Date.UTC(y, mo, d, Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
}

export function stamp(unix: number): string {
  return new Date(unix * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export interface ListPage {
  page: 'list'; title: string; list: ListItem; threads: ThreadItem[];
  range: string; older: string | null; newer: string | null; months: MonthNav[];
}

// GET /<list>/  ?t=YYYYMMDD (threads active up to then) ?a=... (newer than) ; /<list>/YYYY/MM/
export function listPage(site: Site, listName: string, opts: { t?: string; a?: string; year?: string; month?: string; o?: string }): ListPage {
  const rd = site.reader;
  const l = rd.list(listName);
  if (!l) throw notFound(`there is no list "${listName}" in this archive; lists: ${rd.lists().map((x) => x.name).join(', ') || '(none yet: run benchmail import)'}`);
  const all = rd.threadSummaries(l.id);
  const base = urls.list(l.name);
  let rows: ThreadSummary[];
  let older: string | null = null, newer: string | null = null, range: string;
  let currentMonth: string | null = null;
  if (opts.year && opts.month) {
    const y = Number(opts.year), mo = Number(opts.month);
    if (!(mo >= 1 && mo <= 12)) throw new BenchmailError('bad_input', `no month ${opts.month}: use /${l.name}/YYYY/MM/`);
    currentMonth = `${opts.year}-${opts.month}`;
    const from = Date.UTC(y, mo - 1, 1) / 1000, to = Date.UTC(y, mo, 1) / 1000;
    const inMonth = all.filter((t) => t.last !== null && t.last >= from && t.last < to);
    const o = Math.max(0, Number(opts.o) || 0);
    rows = inMonth.slice(o, o + THREADS_PER_PAGE);
    range = `threads active in ${currentMonth}`;
    if (o + THREADS_PER_PAGE < inMonth.length) older = `${urls.month(l.name, currentMonth)}?o=${o + THREADS_PER_PAGE}`;
    if (o > 0) newer = `${urls.month(l.name, currentMonth)}${o - THREADS_PER_PAGE > 0 ? `?o=${o - THREADS_PER_PAGE}` : ''}`;
  } else if (opts.a) {
    const after = parseStamp(opts.a, 'a');
    let k = all.findIndex((t) => t.last === null || t.last <= after);
    if (k < 0) k = all.length;
    rows = all.slice(Math.max(0, k - THREADS_PER_PAGE), k);
    range = `threads active after ${fmtDate(after)}`;
  } else {
    let start = 0;
    if (opts.t) {
      const until = parseStamp(opts.t, 't');
      start = all.findIndex((t) => t.last !== null && t.last <= until);
      if (start < 0) start = all.length;
      range = `threads active up to ${fmtDate(until)}`;
    } else range = 'newest threads';
    rows = all.slice(start, start + THREADS_PER_PAGE);
  }
  if (!(opts.year && opts.month) && rows.length) {
    const lastRow = rows[rows.length - 1], firstRow = rows[0];
    const idxLast = all.indexOf(lastRow), idxFirst = all.indexOf(firstRow);
    if (idxLast + 1 < all.length && lastRow.last !== null) older = `${base}?t=${stamp(lastRow.last - 1)}`;
    if (idxFirst > 0 && firstRow.last !== null) newer = `${base}?a=${stamp(firstRow.last)}`;
  }
  return {
    page: 'list', title: `${l.name}: ${range}`, list: listItem(l), threads: rd.threadHeads(rows).map(threadItem),
    range, older, newer, months: monthNav(site, l, currentMonth),
  };
}

function monthNav(site: Site, l: ListRow, current: string | null): MonthNav[] {
  const years = new Map<string, MonthNav>();
  for (const m of site.reader.monthCounts(l.id)) {
    const y = m.month.slice(0, 4);
    if (!years.has(y)) years.set(y, { year: y, months: [] });
    years.get(y)!.months.push({ month: m.month.slice(5, 7), messages: m.messages, url: urls.month(l.name, m.month), current: m.month === current });
  }
  return [...years.values()].reverse();
}
