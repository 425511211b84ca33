import zlib from 'node:zlib';
import type { Site } from './site';
import type { MessageWithRaw } from '../../store/read';
import { notFound } from '../../core/errors';
import { decodeRaw } from './decode';
import { toMboxrd as messageToMboxrd } from '../../ingest/mbox';
import { urls } from './urls';

// The byte-exact raw message, a thread as gzipped mboxrd, a thread as Atom.

export interface RawMessage { messageId: string; list: string; raw: Buffer }

// GET /<list>/<msgid>/raw
export function rawMessage(site: Site, list: string, id: string): RawMessage | { redirect: string } {
  const m = site.reader.messageWithRaw(id);
  if (!m) throw notFound(`no message <${id}> in list ${list}`);
  if (m.list !== list) return { redirect: urls.raw(m.list, id) };
  return { messageId: id, list: m.list, raw: m.raw() };
}

/** A thread as mboxrd, lore's From_ lines, each message byte-exact (see ingest/mbox). */
export function toMboxrd(raws: Buffer[]): Buffer {
  return Buffer.concat(raws.map((raw) => messageToMboxrd(raw)));
}

// GET /<list>/<msgid>/t.mbox.gz
export function threadMbox(site: Site, list: string, id: string): { filename: string; gz: Buffer } | { redirect: string } {
  const m = site.reader.message(id);
  if (!m) throw notFound(`no message <${id}> in list ${list}`);
  if (m.list !== list) return { redirect: urls.mbox(m.list, id) };
  const msgs = site.reader.threadMessagesWithRaw(m.threadId);
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return { filename: `${safe}.mbox.gz`, gz: zlib.gzipSync(toMboxrd(msgs.map((x) => x.raw()))) };
}

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]!))
  // XML 1.0 forbids most control characters even escaped; mail can carry them.
  // eslint-disable-next-line no-control-regex
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');

function atomEntries(msgs: MessageWithRaw[], origin: string): string {
  return msgs.map((x) => {
    const href = origin + urls.message(x.list, x.messageId);
    const text = decodeRaw(x.raw, x.rawSha256).text;
    return `<entry><author><name>${xml(x.fromName || x.fromAddr)}</name><email>${xml(x.fromAddr)}</email></author>` +
      `<title>${xml(x.subject)}</title><updated>${new Date((x.date ?? 0) * 1000).toISOString()}</updated>` +
      `<link href="${xml(href)}"/><id>${xml(href)}</id><content type="text">${xml(text)}</content></entry>`;
  }).join('');
}

function feed(title: string, alternate: string, id: string, msgs: MessageWithRaw[], origin: string): string {
  const updated = new Date(Math.max(0, ...msgs.map((x) => x.date ?? 0)) * 1000).toISOString();
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">` +
    `<title>${xml(title)}</title><link rel="alternate" href="${xml(alternate)}"/>` +
    `<id>${xml(id)}</id><updated>${updated}</updated>${atomEntries(msgs, origin)}</feed>\n`;
}

// GET /<list>/<msgid>/t.atom
export function threadAtom(site: Site, list: string, id: string, origin: string): string | { redirect: string } {
  const m = site.reader.message(id);
  if (!m) throw notFound(`no message <${id}> in list ${list}`);
  if (m.list !== list) return { redirect: urls.atom(m.list, id) };
  const msgs = site.reader.threadMessagesWithRaw(m.threadId).reverse();
  return feed(m.subject, origin + urls.message(m.list, id), origin + urls.nested(m.list, id), msgs, origin);
}

export const FEED_SIZE = 25;

// GET /<list>/new.atom
export function listAtom(site: Site, list: string, origin: string): string {
  const l = site.reader.list(list);
  if (!l) throw notFound(`there is no list "${list}" in this archive`);
  const msgs = site.reader.latestMessagesWithRaw(l.id, FEED_SIZE);
  return feed(`${l.name}: newest messages`, origin + urls.list(l.name), origin + urls.list(l.name) + 'new.atom', msgs, origin);
}
