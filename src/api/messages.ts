import type { DB } from '../store/db';
import { Reader, type MessageRow } from '../store/read';
import { threadTree } from './pages/tree';
import { parseMessage } from '../ingest/parse';
import { toMboxrd } from '../ingest/mbox';
import { normalizeMsgId } from '../core/msgid';
import { notFound } from '../core/errors';

// What the CLI asks of single messages and threads: `benchmail show` and `benchmail thread`.

export interface ThreadEntry {
  messageId: string; subject: string; from: string; date: string | null; depth: number;
  placeholder: boolean; children: ThreadEntry[];
}

function readerOf(db: DB): Reader {
  return new Reader(db);
}

const iso = (d: number | null) => (d === null ? null : new Date(d * 1000).toISOString());

export function findMessage(db: DB, idInput: string): MessageRow {
  const id = normalizeMsgId(idInput);
  const m = readerOf(db).message(id);
  if (!m) throw notFound(`no message <${id}> in this archive (try \`benchmail search m:${id}\` or \`benchmail fetch ${id}\`)`);
  return m;
}

/** The whole thread of a message, nested by reply, oldest first. */
export function threadOf(db: DB, idInput: string): { threadId: string; list: string; messages: number; tree: ThreadEntry[] } {
  const m = findMessage(db, idInput);
  const r = readerOf(db);
  const msgs = r.threadMessages(m.threadId);
  const flat = threadTree(msgs, r.containers(m.threadId));
  const roots: ThreadEntry[] = [];
  const stack: ThreadEntry[] = [];
  for (const n of flat) {
    const e: ThreadEntry = {
      messageId: n.messageId, subject: n.message?.subject ?? '', from: n.message ? (n.message.fromName || n.message.fromAddr) : '',
      date: iso(n.message?.date ?? null), depth: n.depth, placeholder: !n.message, children: [],
    };
    stack.length = n.depth;
    if (n.depth === 0 || !stack[n.depth - 1]) roots.push(e); else stack[n.depth - 1].children.push(e);
    stack[n.depth] = e;
  }
  return { threadId: m.threadId, list: m.list, messages: msgs.length, tree: roots };
}

/** The thread as mboxrd, oldest first, each message byte-exact. */
export function threadMbox(db: DB, idInput: string): Buffer {
  const m = findMessage(db, idInput);
  const msgs = readerOf(db).threadMessagesWithRaw(m.threadId);
  return Buffer.concat(msgs.map((x) => toMboxrd(x.raw(), x.fromAddr, x.date)));
}

export function rawOf(db: DB, idInput: string): Buffer {
  const m = findMessage(db, idInput);
  return readerOf(db).messageWithRaw(m.messageId)!.raw();
}

export interface DecodedMessage {
  messageId: string; list: string; threadId: string; subject: string; from: string; to: string; cc: string;
  date: string | null; dateRaw: string | null; inReplyTo: string | null; references: string[]; body: string;
}

export function decodedOf(db: DB, idInput: string): DecodedMessage {
  const m = findMessage(db, idInput);
  const raw = readerOf(db).messageWithRaw(m.messageId)!.raw();
  const p = parseMessage(raw);
  return {
    messageId: m.messageId, list: m.list, threadId: m.threadId, subject: m.subject,
    from: m.fromName ? `${m.fromName} <${m.fromAddr}>` : m.fromAddr, to: m.to, cc: m.cc,
    date: iso(m.date), dateRaw: m.dateRaw, inReplyTo: m.inReplyTo, references: m.refs, body: p.text,
  };
}
