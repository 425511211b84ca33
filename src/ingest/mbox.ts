import type { Readable } from 'node:stream';
import type { RawMessage } from '../core/types';

// Streaming mbox splitter for mboxrd, mboxo, mboxcl, mboxcl2 and MMDF. Holds at
// most one message (capped) plus one read chunk in memory, whatever the file size.

export const MAX_MESSAGE = 64 * 1024 * 1024;
const FROM_LINE = /^From \S{1,1000} [^\n]{0,300}\d{1,2}:\d{2}/;
const MMDF_SEP = Buffer.from('\x01\x01\x01\x01');

export interface SplitItem extends RawMessage {
  oversized?: boolean; // raw is the first MAX_MESSAGE bytes only
}

/** Splits an mbox stream into messages, undoing mboxrd/mboxcl escaping. */
export async function* splitMbox(stream: Readable, source: string): AsyncGenerator<SplitItem> {
  let buf: Buffer = Buffer.alloc(0);  // unconsumed bytes, starting at a message's first byte
  let base = 0;               // source offset of buf[0]
  let scan = 0;               // where to resume looking for the next separator in buf
  let mmdf: boolean | null = null;
  let oversizedHead: Buffer | null = null; // first bytes of a message over MAX_MESSAGE
  let sawUnescapedFrom = false;

  const take = (end: number, nextStart: number): SplitItem | null => {
    // buf[0..end) is one message block starting with its separator line.
    const block = buf.subarray(0, end);
    const item = makeItem(oversizedHead ? Buffer.concat([oversizedHead, block]) : block, base, !!oversizedHead);
    oversizedHead = null;
    base += nextStart;
    buf = buf.subarray(nextStart);
    scan = 0;
    return item;
  };

  const makeItem = (block: Buffer, offset: number, oversized: boolean): SplitItem | null => {
    let nl = block.indexOf(0x0a);
    if (nl < 0) nl = block.length;
    const first = block.toString('latin1', 0, Math.min(nl, 2000)).replace(/\r$/, '');
    let body = block.subarray(Math.min(nl + 1, block.length));
    if (mmdf) {
      // MMDF: \1\1\1\1 line, message, \1\1\1\1 line
      const endSep = body.lastIndexOf(MMDF_SEP);
      if (endSep >= 0) body = body.subarray(0, endSep);
    } else {
      // The blank line mbox writers put between messages is not part of the message.
      if (endsWith(body, '\r\n\r\n')) body = body.subarray(0, body.length - 2);
      else if (endsWith(body, '\n\n')) body = body.subarray(0, body.length - 1);
      if (!sawUnescapedFrom) body = unescapeFrom(body);
    }
    const trimmed = body.length > MAX_MESSAGE ? body.subarray(0, MAX_MESSAGE) : body;
    if (trimmed.length === 0 && !first.startsWith('From ') && !mmdf) return null;
    // An exact-size copy: it outlives the read chunk, and a worker clones all of it.
    const raw = Buffer.allocUnsafeSlow(trimmed.length);
    trimmed.copy(raw);
    return {
      raw, source, offset,
      fromLine: mmdf ? undefined : first, oversized: oversized || body.length > MAX_MESSAGE,
    };
  };

  function* drain(ended: boolean): Generator<SplitItem> {
    for (;;) {
      if (mmdf === false && scan === 0 && !oversizedHead) {
        // mboxcl/cl2: Content-Length says where the message ends; trusted only when a
        // From_ line or the end of the file follows it (a lying length is ignored).
        const cl = contentLengthEnd(buf);
        if (cl > 0 && cl + 1400 > buf.length && !ended) break; // read on before judging it
        if (cl > 0) {
          const after = buf[cl] === 0x0a ? 1 : 0;
          if (FROM_LINE.test(buf.toString('latin1', cl + after, cl + after + 1400))) {
            if (hasUnescapedFrom(buf.subarray(0, cl))) sawUnescapedFrom = true;
            const item = take(cl + after, cl + after);
            if (item) yield item;
            continue;
          }
        }
      }
      const end = mmdf ? findMmdfEnd(buf) : findNextFrom(buf, Math.max(scan, 1));
      if (end < 0) break;
      const item = take(end, end);
      if (item) yield item;
    }
  }

  // Chunks are joined onto buf only once they add up to as much as buf holds (1 to
  // 16 MiB): joining every 16 KiB gunzip chunk onto a long message copied it again
  // each time (quadratic: a 64 MB message took minutes).
  let parts: Buffer[] = [];
  let partsLen = 0;
  const absorb = function* (): Generator<SplitItem> {
    buf = Buffer.concat(buf.length ? [buf, ...parts] : parts);
    parts = []; partsLen = 0;
    if (mmdf === null && buf.length >= 5) mmdf = buf.subarray(0, 4).equals(MMDF_SEP);
    yield* drain(false);
    // Keep memory bounded: a message over MAX_MESSAGE keeps only its head (buf starts
    // at the message, and no end was found in it: it is longer than MAX_MESSAGE).
    if (buf.length > MAX_MESSAGE + (4 << 20) && !oversizedHead) {
      oversizedHead = Buffer.from(buf.subarray(0, MAX_MESSAGE));
      const keep = buf.length - 1024 * 1024;
      base += keep; buf = buf.subarray(keep); scan = 0;
    } else if (oversizedHead && buf.length > 2 * 1024 * 1024) {
      // Past the kept head only the next separator matters: keep the last MiB.
      const keep = buf.length - 1024 * 1024;
      base += keep; buf = buf.subarray(keep); scan = 0;
    } else scan = Math.max(0, buf.length - 1400);
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    parts.push(chunk); partsLen += chunk.length;
    if (partsLen >= Math.min(Math.max(1 << 20, buf.length), 16 << 20)) yield* absorb();
  }
  if (parts.length) yield* absorb();
  if (mmdf === null) mmdf = buf.subarray(0, 4).equals(MMDF_SEP);
  yield* drain(true);
  if (buf.length || oversizedHead) {
    const item = take(buf.length, buf.length);
    if (item && (item.raw.length || item.fromLine)) yield item;
  }
}

/** Index of the '\n' that ends the current message ("\nFrom ..." next), or -1. */
function findNextFrom(buf: Buffer, from: number): number {
  let i = from;
  for (;;) {
    const j = buf.indexOf('\nFrom ', i, 'latin1');
    if (j < 0) return -1;
    const lineEnd = buf.indexOf(0x0a, j + 1);
    if (lineEnd < 0 && buf.length - j < 1400) return -1; // need the whole line to judge it
    const line = buf.toString('latin1', j + 1, lineEnd < 0 ? j + 1400 : Math.min(lineEnd, j + 1400));
    if (FROM_LINE.test(line)) return j + 1;
    i = j + 1;
  }
}

function findMmdfEnd(buf: Buffer): number {
  // A message is "\1\1\1\1\n ... \1\1\1\1\n"; the next one starts right after.
  const open = buf.indexOf(MMDF_SEP);
  if (open !== 0) return open > 0 ? open : -1;
  const close = buf.indexOf(MMDF_SEP, 5);
  if (close < 0) return -1;
  let end = close + 4;
  if (buf[end] === 0x0d) end++;
  if (buf[end] === 0x0a) end++;
  else if (end >= buf.length) return -1;
  return end;
}

/** For a buffer starting at a From_ line: the end offset Content-Length gives, or -1. */
function contentLengthEnd(buf: Buffer): number {
  const head = buf.subarray(0, Math.min(buf.length, 256 * 1024));
  let hEnd = head.indexOf('\n\n');
  const crlf = head.indexOf('\r\n\r\n');
  let bodyStart: number;
  if (crlf >= 0 && (hEnd < 0 || crlf < hEnd)) { hEnd = crlf; bodyStart = crlf + 4; } else if (hEnd >= 0) bodyStart = hEnd + 2; else return -1;
  const m = /\nContent-Length:[ \t]*(\d{1,12})[ \t]*\r?\n/i.exec(head.toString('latin1', 0, hEnd + 1));
  if (!m) return -1;
  const len = Number(m[1]);
  if (len > MAX_MESSAGE) return -1;
  return bodyStart + len;
}

function hasUnescapedFrom(b: Buffer): boolean {
  const nl = b.indexOf(0x0a);
  return nl >= 0 && b.indexOf('\nFrom ', nl, 'latin1') >= 0;
}

function endsWith(b: Buffer, s: string): boolean {
  return b.length >= s.length && b.toString('latin1', b.length - s.length) === s;
}

/** mboxrd: a line ">From " or ">>From " loses one '>'. */
export function unescapeFrom(b: Buffer): Buffer {
  if (b.indexOf('>From ', 0, 'latin1') < 0) return b;
  const s = b.toString('latin1');
  return Buffer.from(s.replace(/^>(>*From )/gm, '$1'), 'latin1');
}

/** mboxrd: a line "From " or ">From " gains one '>'. */
export function escapeFrom(b: Buffer): Buffer {
  if (b.indexOf('From ', 0, 'latin1') < 0) return b;
  const s = b.toString('latin1');
  return Buffer.from(s.replace(/^(>*From )/gm, '>$1'), 'latin1');
}

/**
 * One message as an mboxrd entry: From_ line, escaped bytes (otherwise untouched,
 * CRLF kept), blank separator. Without a sender the From_ line is lore's
 * "From mboxrd@z Thu Jan  1 00:00:00 1970".
 */
export function toMboxrd(raw: Buffer, sender = 'mboxrd@z', date: number | null = 0): Buffer {
  const d = new Date((date ?? 0) * 1000).toUTCString(); // "Mon, 07 May 2001 16:12:57 GMT"
  const m = /^(\w{3}), (\d{2}) (\w{3}) (\d{4}) (\d\d:\d\d:\d\d)/.exec(d);
  const asctime = m ? `${m[1]} ${m[3]} ${m[2].replace(/^0/, ' ')} ${m[5]} ${m[4]}` : 'Thu Jan  1 00:00:00 1970';
  const from = (sender.replace(/[\s\u0000-\u001f]/g, '') || 'MAILER-DAEMON').slice(0, 200);
  const body = escapeFrom(raw);
  const tail = body.length && body[body.length - 1] === 0x0a ? '\n' : '\n\n';
  return Buffer.concat([Buffer.from(`From ${from} ${asctime}\n`, 'latin1'), body, Buffer.from(tail, 'latin1')]);
}
