import type { Site, RunView } from './site';
import { runsForFigures } from './site';
import { claimReruns } from '../runs';
import type { MessageRow, MessageWithRaw } from '../../store/read';
import { figuresForMessage, figuresForThread, claimsForMessage, quotersInThread, type FigureRow, type ClaimRow } from '../../store/read-figures';
import { notFound } from '../../core/errors';
import { decodeRaw } from './decode';
import { buildBlocks, type Block } from './body';
import { threadTree } from './tree';
import { urls, fmtDate, isoDate } from './urls';

// One message, and a thread shown flat (/T/) or nested (/t/).

export interface MessageHead {
  messageId: string; list: string; threadId: string; subject: string; fromName: string; fromAddr: string;
  to: string; cc: string; date: string | null; dateShown: string; dateRaw: string | null;
  inReplyTo: string | null; references: string[]; syntheticId: boolean; rawSize: number;
  url: string; rawUrl: string; flatUrl: string; nestedUrl: string; mboxUrl: string; atomUrl: string;
  parentUrl: string | null;
}

export interface FigureView extends FigureRow {
  exploreUrl: string;
  originUrl: string | null;     // the message that first said a quoted figure
  quotedBy: { url: string; author: string; date: string }[];
  runs: RunView[];
  label: string;                // short label for charts: condition, metric or the text
}

export interface BarChart { unit: string; kind: string; bars: { label: string; short: string; value: number; figureId: number; url: string }[] }

export interface OverviewNode { messageId: string; url: string | null; subject: string; fromName: string; date: string; depth: number; figures: number; current: boolean }

export interface MessageView {
  head: MessageHead; text: string; blocks: Block[]; figures: FigureView[]; claims: ClaimRow[]; chart: BarChart | null;
  /** Claims comparing two figures: the ratio then, re-run now where possible, and why not. */
  reruns: RerunView[];
}
export interface RerunView { text: string; thenRatio: number | null; nowRatio: number | null; notRerun: string[]; figures: string[] }

export interface MessagePage {
  page: 'message'; title: string; message: MessageView;
  thread: { threadId: string; messages: number; figures: number; overview: OverviewNode[]; exploreUrl: string };
  prevUrl: string | null; nextUrl: string | null;
}

export interface ThreadPage {
  page: 'thread'; title: string; nested: boolean; list: string; threadId: string; rootUrl: string;
  messages: (MessageView & { depth: number })[]; placeholders: number; chart: BarChart | null; exploreUrl: string;
}

/** Thrown as a 404 with a search offered. */
function missing(list: string, id: string): Error {
  return notFound(`no message <${id}> in ${list === 'all' ? 'this archive' : `list ${list}`}; it may not be imported yet`);
}

function head(m: MessageRow): MessageHead {
  return {
    messageId: m.messageId, list: m.list, threadId: m.threadId, subject: m.subject || '(no subject)',
    fromName: m.fromName, fromAddr: m.fromAddr, to: m.to, cc: m.cc, date: isoDate(m.date), dateShown: fmtDate(m.date),
    dateRaw: m.dateRaw, inReplyTo: m.inReplyTo, references: m.refs, syntheticId: m.syntheticId, rawSize: m.rawSize,
    url: urls.message(m.list, m.messageId), rawUrl: urls.raw(m.list, m.messageId), flatUrl: urls.flat(m.list, m.messageId),
    nestedUrl: urls.nested(m.list, m.messageId), mboxUrl: urls.mbox(m.list, m.messageId), atomUrl: urls.atom(m.list, m.messageId),
    parentUrl: null,
  };
}

function figureLabel(f: FigureRow): string {
  const s = f.condition || f.metric || f.text.trim();
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}

const BAR_MAX = 24; // more bars than this stop being a comparison

// Kinds a reader compares, best first; hardware facts (clocks, sizes, counts) only when nothing else.
const CHART_KINDS = ['throughput', 'latency', 'time', 'rate', 'ratio', 'percent', 'frequency', 'size', 'count'];

/** The group of same-unit, same-kind figures said (not quoted) in a message or thread: the comparison a reader wants to see. */
export function barChart(figures: FigureRow[]): BarChart | null {
  const groups = new Map<string, FigureRow[]>();
  for (const f of figures) {
    if (f.quoted || f.canonicalUnit === '1') continue;
    const key = `${f.kind}\u0000${f.canonicalUnit}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(f);
  }
  const rank = (k: string) => { const i = CHART_KINDS.indexOf(k.split('\u0000')[0]); return i < 0 ? CHART_KINDS.length : i; };
  const best = [...groups.entries()].filter(([, fs]) => fs.length >= 2)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || b[1].length - a[1].length)[0];
  if (!best) return null;
  return {
    unit: best[1][0].canonicalUnit, kind: best[1][0].kind,
    bars: best[1].slice(0, BAR_MAX).map((f) => ({
      label: `${f.value} ${f.unit}${f.condition || f.metric ? ' · ' + (f.condition || f.metric) : ''}${f.author ? ' (' + f.author + ')' : ''}`,
      short: shortLabel(f), value: f.canonicalValue, figureId: f.id, url: urls.figure(f.list, f.messageId, f.id),
    })),
  };
}

function shortLabel(f: FigureRow): string {
  // The figure as written; its condition and author are in the long label (the chart legend).
  const s = `${f.value} ${f.unit}`;
  return s.length > 24 ? s.slice(0, 23) + '…' : s;
}

function messageView(site: Site, m: MessageWithRaw, figures: FigureRow[], quoters: ReturnType<typeof quotersInThread>, claims: ClaimRow[]): MessageView {
  const { text, segments } = decodeRaw(m.raw, m.rawSha256);
  const runs = runsForFigures(site, figures);
  const views: FigureView[] = figures.map((f) => ({
    ...f,
    exploreUrl: urls.figureRow(f.id),
    originUrl: f.originMessageId && f.originMessageId !== f.messageId
      ? (f.originFigureId ? urls.figure(f.originList ?? f.list, f.originMessageId, f.originFigureId) : urls.message(f.originList ?? f.list, f.originMessageId))
      : null,
    quotedBy: quoters.filter((q) => q.originFigureId === f.id && q.messageId !== f.messageId)
      .map((q) => ({ url: urls.figure(q.list, q.messageId, q.figureId), author: q.author, date: fmtDate(q.date) })),
    runs: runs.get(f.id) ?? [],
    label: figureLabel(f),
  }));
  return { head: head(m), text, blocks: buildBlocks(text, segments, figures), figures: views, claims, chart: barChart(figures),
    reruns: claims.some((c) => c.figureIds.length >= 2) ? rerunViews(site, m.messageId) : [] };
}

// The claim's comparison re-run (the recipes' claimReruns): then/now ratios and what
// could not be re-run here, and why (a figure measured over a wire, a tool not named).
function rerunViews(site: Site, messageId: string): RerunView[] {
  return claimReruns(site.db, messageId).filter((c) => c.figures.length >= 2).map((c) => ({
    text: c.text, thenRatio: c.thenRatio, nowRatio: c.nowRatio, notRerun: c.notRerun,
    figures: c.figures.map((f) => `${f.figure.value} ${f.figure.unit}`),
  }));
}

// GET /<list>/<msgid>/
export function messagePage(site: Site, list: string, id: string): MessagePage | { redirect: string } {
  const rd = site.reader;
  const m = rd.messageWithRaw(id);
  if (!m) throw missing(list, id);
  if (m.list !== list) return { redirect: urls.message(m.list, m.messageId) };
  const figures = figuresForMessage(rd, id);
  const quoters = figures.length ? quotersInThread(rd, m.threadId) : [];
  const view = messageView(site, m, figures, quoters, claimsForMessage(rd, id));
  const msgs = rd.threadOverview(m.threadId);
  const counts = new Map(msgs.map((x) => [x.messageId, x.figures]));
  const tree = threadTree(msgs, rd.containers(m.threadId));
  const overview: OverviewNode[] = tree.map((n) => ({
    messageId: n.messageId, url: n.message ? urls.message(n.message.list, n.messageId) : null,
    subject: n.message?.subject || (n.message ? '(no subject)' : '[not in this archive]'), fromName: n.message?.fromName || n.message?.fromAddr || '',
    date: n.message ? fmtDate(n.message.date) : '', depth: n.depth, figures: counts.get(n.messageId) ?? 0, current: n.messageId === id,
  }));
  const parentId = m.inReplyTo ?? m.refs[m.refs.length - 1];
  const parent = parentId ? msgs.find((x) => x.messageId === parentId) : undefined;
  if (parent) view.head.parentUrl = urls.message(parent.list, parent.messageId);
  const real = overview.filter((n) => n.url);
  const at = real.findIndex((n) => n.current);
  return {
    page: 'message', title: view.head.subject, message: view,
    thread: { threadId: m.threadId, messages: msgs.length, figures: [...counts.values()].reduce((a, b) => a + b, 0), overview, exploreUrl: urls.explore({ threadId: m.threadId }) },
    prevUrl: at > 0 ? real[at - 1].url : null, nextUrl: at >= 0 && at + 1 < real.length ? real[at + 1].url : null,
  };
}

// GET /<list>/<msgid>/T/ (flat, by date) and /<list>/<msgid>/t/ (nested)
export function threadPage(site: Site, list: string, id: string, nested: boolean): ThreadPage | { redirect: string } {
  const rd = site.reader;
  const m = rd.message(id);
  if (!m) throw missing(list, id);
  if (m.list !== list) return { redirect: nested ? urls.nested(m.list, id) : urls.flat(m.list, id) };
  const msgs = rd.threadMessagesWithRaw(m.threadId);
  const figures = figuresForThread(rd, m.threadId);
  const quoters = quotersInThread(rd, m.threadId);
  const figsOf = new Map<string, FigureRow[]>();
  for (const f of figures) { if (!figsOf.has(f.messageId)) figsOf.set(f.messageId, []); figsOf.get(f.messageId)!.push(f); }
  const byId = new Map(msgs.map((x) => [x.messageId, x]));
  let order: { depth: number; msg: MessageWithRaw }[];
  let placeholders = 0;
  if (nested) {
    order = [];
    for (const n of threadTree(msgs, rd.containers(m.threadId))) {
      const x = byId.get(n.messageId);
      if (x) order.push({ depth: n.depth, msg: x }); else placeholders++;
    }
  } else order = msgs.map((x) => ({ depth: 0, msg: x }));
  const messages = order.map(({ depth, msg }) => ({
    depth, ...messageView(site, msg, figsOf.get(msg.messageId) ?? [], quoters, []),
  }));
  const root = msgs[0] ?? m;
  return {
    page: 'thread', title: `${nested ? 'Nested' : 'Flat'} thread: ${root.subject || '(no subject)'}`, nested, list: m.list, threadId: m.threadId,
    rootUrl: urls.message(root.list, root.messageId), messages, placeholders, chart: barChart(figures), exploreUrl: urls.explore({ threadId: m.threadId }),
  };
}
