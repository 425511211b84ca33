import { parseHeaderBlock, first, decodeHeader, parseAddressList, formatAddresses, parseMsgIdList } from './headers';
import { parseMailDate, parseFromLineDate, parseReceivedDate } from './dates';
import { decodeBody } from './mime';
import { sha256 } from '../core/compress';
import { normalizeSubject, isReplySubject } from '../thread/subject';
import LISTS from './data/lists.json';

// One raw message -> the fields we store and index. Never throws on content it
// can repair; throws ParseError only when the bytes are not mail at all.

export class ParseError extends Error {}

export interface ParsedMessage {
  messageId: string;
  syntheticId: boolean;
  subject: string;
  normSubject: string;
  isReply: boolean;
  fromName: string;
  fromAddr: string;
  to: string;
  cc: string;
  date: number | null;
  dateRaw: string | null;
  dateSource: 'date' | 'from_line' | 'received' | 'none';
  inReplyTo: string | null;
  references: string[];
  listId: string | null;   // the header value as written
  listName: string | null; // short name derived from it (lkml), null when no list header
  text: string;
  notes: string[];
}

const MAX_REFS = 200;

const KNOWN = ['from', 'date', 'subject', 'message-id', 'to', 'received', 'return-path', 'mime-version', 'content-type'];

/** The header block of bytes that are mail; throws ParseError when they are not. */
function mailHeaderBlock(raw: Buffer) {
  if (raw.length === 0) throw new ParseError('empty message');
  const hb = parseHeaderBlock(raw);
  if (hb.headers.size === 0) throw new ParseError('no mail headers found (not a mail message)');
  if (!KNOWN.some((k) => hb.headers.has(k))) throw new ParseError('none of From, Date, Subject, Message-ID, To, Received present (not a mail message)');
  return hb;
}

/**
 * parseMessage(raw).text alone: the same MIME/charset decode of the body, without
 * decoding addresses, dates and ids (most of parseMessage's time on list mail).
 * For callers that show body text only, e.g. search snippets. Throws as parseMessage.
 */
export function parseBodyText(raw: Buffer): string {
  const { headers, bodyOffset } = mailHeaderBlock(raw);
  return decodeBody(raw, bodyOffset, headers).text;
}

export function parseMessage(raw: Buffer, fromLine?: string): ParsedMessage {
  const { headers, bodyOffset } = mailHeaderBlock(raw);

  const notes: string[] = [];
  const midHeader = first(headers, 'message-id');
  let messageId = midHeader ? parseMsgIdList(midHeader, 1)[0] ?? midHeader.trim().replace(/^<|>$/g, '') : '';
  messageId = messageId.replace(/[\s\u0000-\u001f\u007f]/g, '').slice(0, 998);
  let syntheticId = false;
  if (!messageId) {
    // Stable id from the content, so re-importing the same bytes dedupes.
    messageId = `${sha256(raw).slice(0, 32)}@benchmail.synthetic`;
    syntheticId = true;
    notes.push('no Message-ID: synthetic id from SHA-256');
  }

  const subject = decodeHeader(first(headers, 'subject') ?? '').slice(0, 2000);
  const from = parseAddressList(decodeHeader(first(headers, 'from') ?? first(headers, 'sender') ?? ''))[0];
  const to = formatAddresses(parseAddressList(decodeHeader((headers.get('to') ?? []).join(', '))));
  const cc = formatAddresses(parseAddressList(decodeHeader((headers.get('cc') ?? []).join(', '))));

  const dateRaw = first(headers, 'date');
  let date = parseMailDate(dateRaw);
  let dateSource: ParsedMessage['dateSource'] = 'date';
  if (date === null) { date = parseFromLineDate(fromLine); dateSource = 'from_line'; }
  if (date === null) {
    dateSource = 'received';
    for (const r of headers.get('received') ?? []) { date = parseReceivedDate(r); if (date !== null) break; }
  }
  if (date === null) dateSource = 'none';
  if (dateSource !== 'date') notes.push(`unparseable Date ${JSON.stringify((dateRaw ?? '').slice(0, 60))}: date from ${dateSource}`);

  let references = parseMsgIdList(first(headers, 'references'), 100000);
  if (references.length > MAX_REFS) {
    // Keep the root and the nearest ancestors: enough for threading, bounded in size.
    notes.push(`${references.length} References: kept the first and last ${MAX_REFS - 1}`);
    references = [references[0], ...references.slice(-(MAX_REFS - 1))];
  }
  references = references.filter((r) => r !== messageId);
  const irt = parseMsgIdList(first(headers, 'in-reply-to'), 5).filter((r) => r !== messageId);

  const listHeader = first(headers, 'list-id') ?? first(headers, 'x-mailing-list');
  const body = decodeBody(raw, bodyOffset, headers);
  notes.push(...body.notes);

  return {
    messageId, syntheticId, subject,
    normSubject: normalizeSubject(subject),
    isReply: isReplySubject(subject),
    fromName: (from?.name ?? '').slice(0, 500),
    fromAddr: (from?.addr ?? '').slice(0, 500),
    to: to.slice(0, 10000), cc: cc.slice(0, 10000),
    date, dateRaw: dateRaw ? dateRaw.slice(0, 500) : null, dateSource,
    inReplyTo: irt[irt.length - 1] ?? null,
    references,
    listId: listHeader ? decodeHeader(listHeader).slice(0, 500) : null,
    listName: listName(listHeader),
    text: body.text,
    notes,
  };
}

/** List-Id "<linux-kernel.vger.kernel.org>" or X-Mailing-List "linux-kernel@vger.kernel.org" -> lkml. */
export function listName(header: string | null): string | null {
  if (!header) return null;
  const m = /<([^<>]{1,300})>/.exec(header);
  const key = (m ? m[1] : header).trim().toLowerCase();
  const known = (LISTS as Record<string, string>)[key];
  if (known) return known;
  const local = /^([a-z0-9][a-z0-9._+-]{0,80}?)[.@]/.exec(key);
  return local ? local[1].replace(/[^a-z0-9_-]/g, '-') : null;
}
