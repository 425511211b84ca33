// One sample message and how it is written out as raw RFC 5322 bytes.
import { MailerId, Person, mailbox, mailerHeaders, zoneAt } from './people';
import { Charset, DateStyle, base64Body, encodeText, encodedWord, foldList, foldReferences, formatDate, quotedPrintable } from './mime';

export type ListName = 'lkml' | 'netdev';

export const LISTS: Record<ListName, { addr: string; listId: string; owner: string }> = {
  lkml: { addr: 'linux-kernel@vger.kernel.org', listId: 'linux-kernel.vger.kernel.org', owner: 'linux-kernel-owner@vger.kernel.org' },
  netdev: { addr: 'netdev@vger.kernel.org', listId: 'netdev.vger.kernel.org', owner: 'netdev-owner@vger.kernel.org' },
};

export type Transfer = '7bit' | '8bit' | 'quoted-printable' | 'base64';

export interface Message {
  id: string;
  author: Person;
  /** The program that wrote it (git users answer review mail with mutt). */
  mailer: MailerId;
  epoch: number;
  dateStyle: DateStyle;
  subject: string;
  list: ListName;
  to: string[];
  cc: string[];
  inReplyTo: string | null;
  /** elm wrote `In-Reply-To: <id> from "Name" at May 07, 2001 03:43:51 PM`. */
  inReplyToSuffix: string;
  references: string[];
  /** The decoded text body, as a reader sees it. */
  body: string;
  /** What a replier may quote: the body without signature and footer. */
  quotable: string;
  charset: Charset;
  transfer: Transfer;
  flowed: boolean;
  attachment: { filename: string; text: string } | null;
  boundary: string;
  received: string;
  /** Generated so its children can point at it, but left out of the archive. */
  omit: boolean;
  parent: Message | null;
}

function contentType(m: Message): string {
  const cs = m.charset === 'utf-8' ? 'UTF-8' : m.charset === 'us-ascii' && m.mailer === 'pine' ? 'US-ASCII' : m.charset;
  const type = m.mailer === 'pine' ? 'TEXT/PLAIN' : 'text/plain';
  return `${type}; charset=${cs}${m.flowed ? '; format=flowed' : ''}`;
}

function encodeBody(text: string, charset: Charset, transfer: Transfer): Buffer {
  const bytes = encodeText(text.endsWith('\n') ? text : text + '\n', charset);
  if (transfer === 'quoted-printable') return Buffer.from(quotedPrintable(bytes), 'latin1');
  if (transfer === 'base64') return Buffer.from(base64Body(bytes), 'latin1');
  return bytes;
}

function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

/** The raw bytes of a message: headers in the order vger delivered them, then the body. */
export function renderMessage(m: Message): Buffer {
  const list = LISTS[m.list];
  const h: string[] = [`Return-Path: <${list.owner}>`, m.received];
  h.push(`Date: ${formatDate(m.epoch, zoneAt(m.author, m.epoch), m.dateStyle)}`);
  h.push(`From: ${mailbox(m.author)}`);
  if (m.author.org) h.push(`Organization: ${m.author.org}`);
  if (m.to.length) h.push(foldList('To', m.to));
  if (m.cc.length) h.push(foldList(m.mailer === 'pine' ? 'cc' : 'Cc', m.cc));
  const subject = isAscii(m.subject) ? m.subject : encodedWord(m.subject, m.charset === 'us-ascii' ? 'utf-8' : m.charset, 'B');
  h.push(`Subject: ${subject}`);
  h.push(`Message-${m.mailer === 'elm' || m.mailer === 'evolution' ? 'Id' : 'ID'}: <${m.id}>`);
  if (m.inReplyTo) h.push(`In-Reply-To: <${m.inReplyTo}>${m.inReplyToSuffix}`);
  if (m.references.length) h.push(foldReferences(m.references));
  h.push(...mailerHeaders(m.mailer, m.epoch));
  h.push('MIME-Version: 1.0');
  let body: Buffer;
  if (m.attachment) {
    h.push(`Content-Type: multipart/mixed; boundary="${m.boundary}"`);
    const parts = [
      Buffer.from(`This is a multi-part message in MIME format.\n--${m.boundary}\nContent-Type: ${contentType(m)}\nContent-Transfer-Encoding: ${m.transfer}\n\n`, 'latin1'),
      encodeBody(m.body, m.charset, m.transfer),
      Buffer.from(`\n--${m.boundary}\nContent-Type: text/plain; charset=us-ascii; name="${m.attachment.filename}"\n` +
        `Content-Transfer-Encoding: 7bit\nContent-Disposition: attachment; filename="${m.attachment.filename}"\n\n`, 'latin1'),
      encodeBody(m.attachment.text, 'us-ascii', '7bit'),
      Buffer.from(`\n--${m.boundary}--\n`, 'latin1'),
    ];
    body = Buffer.concat(parts);
  } else {
    h.push(`Content-Type: ${contentType(m)}`);
    if (m.transfer !== '7bit' || m.mailer !== 'pine') h.push(`Content-Transfer-Encoding: ${m.transfer}`);
    body = encodeBody(m.body, m.charset, m.transfer);
  }
  h.push(`Sender: ${list.owner}`, 'Precedence: bulk', `X-Mailing-List: ${list.addr}`, `List-Id: <${list.listId}>`);
  return Buffer.concat([Buffer.from(h.join('\n') + '\n\n', 'latin1'), body]);
}
