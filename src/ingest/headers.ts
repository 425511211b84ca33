import type Libmime from 'libmime';

// libmime (RFC 2047 words, RFC 2231 parameters, format=flowed) takes ~40 ms to load
// with its Japanese codecs: loaded on first need, so a CLI call that never decodes
// an encoded word does not pay for it.
let lib: typeof Libmime | null = null;
export function libmime(): typeof Libmime {
  if (!lib) lib = require('libmime') as typeof Libmime;
  return lib;
}

// Header parsing for raw RFC 5322 messages. Works on latin1 strings (one char per
// byte) so offsets match bytes and no input can throw a decoding error here.

/** Longest header value we decode; the raw bytes stay intact, this only bounds work. */
const MAX_HEADER_VALUE = 256 * 1024;
const MAX_HEADERS = 2000;

export interface HeaderBlock {
  headers: Map<string, string[]>; // lower-case name -> raw unfolded values (latin1)
  bodyOffset: number;              // byte offset of the body in the raw message
  eol: string;
}

/** Splits a raw message into its header map and the offset of the body. */
export function parseHeaderBlock(raw: Buffer): HeaderBlock {
  // Find the blank line that ends the headers: "\n\n" or "\r\n\r\n".
  let end = -1;
  let bodyOffset = raw.length;
  const lf = raw.indexOf('\n\n');
  const crlf = raw.indexOf('\r\n\r\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) { end = crlf; bodyOffset = crlf + 4; }
  else if (lf >= 0) { end = lf; bodyOffset = lf + 2; }
  else end = raw.length;
  if (raw.length > 0 && (raw[0] === 0x0a || (raw[0] === 0x0d && raw[1] === 0x0a))) {
    // No headers at all: body starts after the first (empty) line.
    end = 0; bodyOffset = raw[0] === 0x0a ? 1 : 2;
  }
  const text = raw.toString('latin1', 0, end);
  const eol = crlf >= 0 && crlf === end ? '\r\n' : '\n';
  const headers = new Map<string, string[]>();
  let name = '';
  let value = '';
  let count = 0;
  const flush = () => {
    if (!name) return;
    const k = name.toLowerCase();
    const list = headers.get(k);
    // Over-long values keep their head and tail: for References that is the root and
    // the nearest ancestors, which is what threading needs.
    const half = MAX_HEADER_VALUE / 2;
    const v = value.length > MAX_HEADER_VALUE ? value.slice(0, half) + ' ' + value.slice(-half) : value;
    if (list) list.push(v); else headers.set(k, [v]);
    count++;
  };
  let pos = 0;
  while (pos < text.length && count < MAX_HEADERS) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let line = text.slice(pos, nl);
    pos = nl + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const c = line.charCodeAt(0);
    if ((c === 32 || c === 9) && name) {
      value += ' ' + line.trim();
      if (value.length > 4 * MAX_HEADER_VALUE) value = value.slice(0, MAX_HEADER_VALUE) + ' ' + value.slice(-MAX_HEADER_VALUE);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || colon > 200) { flush(); name = ''; continue; } // junk line: not a header
    flush();
    name = line.slice(0, colon).trim();
    value = line.slice(colon + 1).trim();
  }
  flush();
  return { headers, bodyOffset, eol };
}

/** "text/plain; charset=\"utf-8\"; format=flowed" -> value and lower-case parameters. */
export function parseHeaderValue(header: string): { value: string; params: Record<string, string> } {
  if (header.includes('*=') || header.includes('*0')) return libmime().parseHeaderValue(header) as { value: string; params: Record<string, string> };
  const params: Record<string, string> = {};
  const semi = header.indexOf(';');
  const value = (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
  const re = /;\s*([A-Za-z0-9_.-]{1,80})\s*=\s*(?:"((?:[^"\\]|\\.){0,2000})"|([^;\s]{0,2000}))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header.slice(semi < 0 ? header.length : semi)))) {
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return { value, params };
}

export function first(h: Map<string, string[]>, name: string): string | null {
  const v = h.get(name);
  return v && v.length ? v[0] : null;
}

/** latin1 header text -> Unicode: raw 8-bit bytes taken as UTF-8 when valid, RFC 2047 words decoded. */
export function decodeHeader(latin1: string): string {
  let s = latin1;
  if (/[\x80-\xff]/.test(s)) {
    const buf = Buffer.from(s, 'latin1');
    const utf8 = buf.toString('utf8');
    s = utf8.includes('\ufffd') ? s : utf8; // undeclared 8-bit: UTF-8 if it decodes, else Latin-1
  }
  if (s.includes('=?')) {
    try { s = libmime().decodeWords(s); } catch { /* broken encoded word: keep as written */ }
  }
  // Control characters and bidi overrides from headers never reach a page or terminal.
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
}

export interface Address { name: string; addr: string }

/** Splits an address list on commas outside quotes, comments and angle brackets. */
export function parseAddressList(value: string): Address[] {
  const out: Address[] = [];
  // char codes and slices, not a string built a character at a time: To and Cc lines
  // of list mail run to hundreds of characters, and this runs for every message
  let start = 0;
  let quoted = false, angle = 0, paren = 0;
  for (let i = 0; i < value.length && out.length < 1000; i++) {
    const c = value.charCodeAt(i);
    if (c === 92 /* \ */ && quoted) { i++; continue; }
    if (c === 34 /* " */) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 60 /* < */) angle++;
    else if (c === 62 /* > */) angle = Math.max(0, angle - 1);
    else if (c === 40 /* ( */) paren++;
    else if (c === 41 /* ) */) paren = Math.max(0, paren - 1);
    else if (c === 44 /* , */ && angle === 0 && paren === 0) { push(value.slice(start, i)); start = i + 1; }
  }
  if (out.length < 1000) push(value.slice(start));
  return out;
  function push(part: string) {
    const p = part.trim();
    if (!p) return;
    const lt = lastUnquoted(p, 60 /* < */);
    const gt = lt >= 0 ? p.indexOf('>', lt) : -1;
    if (lt >= 0 && gt > lt) {
      // The address is the last <...> outside quotes: a display name may hold '<' itself.
      const name = p.slice(0, lt).trim().replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');
      out.push({ name, addr: p.slice(lt + 1, gt).trim() });
      return;
    }
    // "addr (Name)" old style
    const c = /^([^\s()]+)\s*\((.*)\)\s*$/.exec(p);
    if (c) { out.push({ name: c[2].trim(), addr: c[1] }); return; }
    out.push({ name: '', addr: p.replace(/\s+/g, '') });
  }
}

function lastUnquoted(s: string, code: number): number {
  let quoted = false;
  let at = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \ */ && quoted) { i++; continue; }
    if (c === 34 /* " */) quoted = !quoted;
    else if (!quoted && c === code) at = i;
  }
  return at;
}

export function formatAddresses(list: Address[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.addr}>` : a.addr)).join(', ');
}

/** Message-IDs in a References / In-Reply-To value, without brackets, in order. */
export function parseMsgIdList(value: string | null, max = 1000): string[] {
  if (!value) return [];
  const ids: string[] = [];
  const re = /<([^<>\s]{1,998})>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) && ids.length < max) ids.push(m[1]);
  if (!ids.length) {
    // Some mailers omit the brackets: take a bare token with an '@'
    const bare = /(?:^|\s)([^\s<>"@]{1,500}@[^\s<>"]{1,500})/.exec(value);
    if (bare) ids.push(bare[1]);
  }
  return ids;
}
