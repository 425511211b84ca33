import type Iconv from 'iconv-lite';
import { parseHeaderBlock, first, parseHeaderValue, libmime } from './headers';

// iconv-lite loads every codec table on first use (~5 ms): loaded when a declared
// charset is neither ASCII nor UTF-8, so a CLI call over UTF-8 mail never pays for it.
let iconvLib: typeof Iconv | null = null;
function iconv(): typeof Iconv {
  if (!iconvLib) iconvLib = require('iconv-lite') as typeof Iconv;
  return iconvLib;
}

// MIME body decoding down to text. We never render HTML: an HTML-only part is
// reduced to inert text. Nesting and part counts are bounded so crafted MIME
// (10,000-deep multiparts, millions of parts) costs linear time at most.

const MAX_DEPTH = 20;
const MAX_PARTS = 200;
const MAX_TEXT = 4 * 1024 * 1024; // decoded text kept per message

export interface BodyResult {
  text: string;
  notes: string[]; // what was skipped or repaired, for the import report
}

interface Ctx { parts: number; notes: string[]; htmlFallback: string | null; texts: string[]; size: number }

export function decodeBody(raw: Buffer, bodyOffset: number, headers: Map<string, string[]>): BodyResult {
  const ctx: Ctx = { parts: 0, notes: [], htmlFallback: null, texts: [], size: 0 };
  walk(raw.subarray(bodyOffset), headers, 0, ctx);
  let text = ctx.texts.join('\n\n');
  if (!text && ctx.htmlFallback) text = ctx.htmlFallback;
  if (text.length > MAX_TEXT) { text = text.slice(0, MAX_TEXT); ctx.notes.push('text body truncated to 4 MiB'); }
  return { text: plainLines(text), notes: ctx.notes };
}

/** Line ends as \n, no NULs. Most mail has neither to change: a search is cheaper than a replace pass. */
function plainLines(text: string): string {
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return text.includes('\u0000') ? text.replace(/\u0000/g, '') : text;
}

function walk(body: Buffer, headers: Map<string, string[]>, depth: number, ctx: Ctx): void {
  if (++ctx.parts > MAX_PARTS) { if (ctx.parts === MAX_PARTS + 1) ctx.notes.push(`more than ${MAX_PARTS} MIME parts: rest not decoded`); return; }
  const ct = parseHeaderValue(first(headers, 'content-type') ?? 'text/plain');
  const type = (ct.value || 'text/plain').toLowerCase();
  const params = ct.params as Record<string, string>;
  if (type.startsWith('multipart/')) {
    const boundary = params.boundary;
    if (!boundary || depth >= MAX_DEPTH) {
      if (depth >= MAX_DEPTH) ctx.notes.push(`MIME nesting deeper than ${MAX_DEPTH}: inner parts not decoded`);
      else addText(body, headers, params, ctx, 'text/plain'); // no boundary: treat as text
      return;
    }
    for (const part of splitMultipart(body, boundary)) {
      const pb = parseHeaderBlock(part);
      walk(part.subarray(pb.bodyOffset), pb.headers, depth + 1, ctx);
      if (ctx.parts > MAX_PARTS) return;
    }
    return;
  }
  if (type === 'message/rfc822' && depth < MAX_DEPTH) {
    const pb = parseHeaderBlock(body);
    walk(body.subarray(pb.bodyOffset), pb.headers, depth + 1, ctx);
    return;
  }
  const disp = (first(headers, 'content-disposition') ?? '').toLowerCase();
  if (type === 'text/plain' || type === 'text' || (type.startsWith('text/') && /^(x-)?(diff|patch|log|csv)/.test(type.slice(5)))) {
    addText(body, headers, params, ctx, type);
  } else if (type === 'text/html' && ctx.htmlFallback === null && !disp.startsWith('attachment')) {
    ctx.htmlFallback = htmlToInertText(decodeText(body, headers, params, ctx));
  }
}

function addText(body: Buffer, headers: Map<string, string[]>, params: Record<string, string>, ctx: Ctx, _type: string) {
  if (ctx.size > MAX_TEXT) return;
  let t = decodeText(body, headers, params, ctx);
  if ((params.format ?? '').toLowerCase() === 'flowed') {
    try { t = libmime().decodeFlowed(t, (params.delsp ?? '').toLowerCase() === 'yes'); } catch { /* keep as is */ }
  }
  ctx.size += t.length;
  ctx.texts.push(t);
}

function decodeText(body: Buffer, headers: Map<string, string[]>, params: Record<string, string>, ctx: Ctx): string {
  const cte = (first(headers, 'content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  let bytes: Buffer = body;
  if (cte === 'quoted-printable') bytes = decodeQP(body);
  else if (cte === 'base64') bytes = Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  return toUnicode(bytes, params.charset, ctx);
}

/** Bytes in a declared charset -> string. Unknown or broken charsets never throw. */
export function toUnicode(bytes: Buffer, charset: string | undefined, ctx?: { notes: string[] }): string {
  let cs = (charset ?? '').trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!cs || cs === 'us-ascii' || cs === 'ascii' || cs === 'unknown-8bit' || cs === 'x-unknown') {
    // Undeclared 8-bit text: UTF-8 when it decodes cleanly, else Latin-1 (LKML's common case).
    const u = bytes.toString('utf8');
    return u.includes('\ufffd') ? bytes.toString('latin1') : u;
  }
  if (cs === 'utf-8' || cs === 'utf8') return bytes.toString('utf8');
  if (cs === 'iso-8859-1' || cs === 'latin1') cs = 'windows-1252'; // mailers mean cp1252 when they say latin-1
  if (cs === 'windows-1252') return decodeCp1252(bytes); // LKML's most common 8-bit charset: no iconv load
  if (iconv().encodingExists(cs)) {
    try { return iconv().decode(bytes, cs); } catch { /* fall through */ }
  }
  ctx?.notes.push(`unknown charset "${cs.slice(0, 40)}": decoded as Latin-1`);
  return bytes.toString('latin1');
}

// windows-1252 is Latin-1 except bytes 0x80-0x9f: these, exactly as iconv-lite decodes
// them (U+FFFD for the five bytes cp1252 leaves undefined).
const CP1252_80_9F = '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd'
  + '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

/** windows-1252 bytes -> string; the same as iconv-lite's decode, without loading its tables. */
export function decodeCp1252(bytes: Buffer): string {
  const s = bytes.toString('latin1');
  return /[\x80-\x9f]/.test(s) ? s.replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]) : s;
}

export function decodeQP(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length);
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== 0x3d) { out[o++] = c; continue; }
    const a = body[i + 1], b = body[i + 2];
    if (a === 0x0a) { i += 1; continue; }               // soft line break
    if (a === 0x0d && b === 0x0a) { i += 2; continue; }
    const h = hexVal(a), l = hexVal(b);
    if (h >= 0 && l >= 0) { out[o++] = h * 16 + l; i += 2; } else out[o++] = c; // stray '=' kept
  }
  return out.subarray(0, o);
}

function hexVal(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Splits a multipart body on its boundary; preamble and epilogue dropped. */
export function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delim = Buffer.from('--' + boundary, 'latin1');
  const parts: Buffer[] = [];
  let pos = 0;
  let start = -1;
  while (pos <= body.length) {
    const i = body.indexOf(delim, pos);
    if (i < 0) break;
    const atLineStart = i === 0 || body[i - 1] === 0x0a;
    const after = i + delim.length;
    const next = body[after];
    // "--b1" must not match the start of "--b10": a delimiter ends the line or is "--".
    const ends = next === undefined || next === 0x0a || next === 0x0d || next === 0x2d || next === 0x20 || next === 0x09;
    if (!atLineStart || !ends) { pos = i + 1; continue; }
    const closing = body[after] === 0x2d && body[after + 1] === 0x2d;
    if (start >= 0) {
      let end = i;
      if (body[end - 1] === 0x0a) end--;
      if (body[end - 1] === 0x0d) end--;
      parts.push(body.subarray(start, Math.max(start, end)));
    }
    if (closing) return parts;
    let nl = body.indexOf(0x0a, after);
    if (nl < 0) nl = body.length - 1;
    start = nl + 1;
    pos = start;
    if (parts.length > MAX_PARTS) break;
  }
  if (start >= 0 && start < body.length) parts.push(body.subarray(start)); // unterminated: keep what came
  return parts;
}

/** HTML reduced to text with tags dropped: shown and indexed as text, never rendered. */
export function htmlToInertText(html: string): string {
  return decodeEntities(stripTags(dropBlocks(dropBlocks(html, 'script'), 'style')));
}

/** Drops tags in one pass; block-level closers become newlines. */
function stripTags(html: string): string {
  let out = '';
  let pos = 0;
  let nextGt = -1;
  for (;;) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) break;
    if (nextGt < lt) nextGt = html.indexOf('>', lt);
    if (nextGt < 0) break; // no tag closes: the rest is text
    out += html.slice(pos, lt);
    const tag = html.slice(lt + 1, Math.min(nextGt, lt + 6)).toLowerCase();
    if (/^(br|\/p|\/div|\/tr|\/li|p\b|p>)/.test(tag)) out += '\n';
    pos = nextGt + 1;
  }
  return out + html.slice(pos);
}

/** Removes <tag ...>...</tag> blocks with indexOf: linear, whatever the nesting. */
function dropBlocks(html: string, tag: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let pos = 0;
  for (;;) {
    const open = lower.indexOf('<' + tag, pos);
    if (open < 0) break;
    const close = lower.indexOf('</' + tag, open);
    out += html.slice(pos, open) + ' ';
    if (close < 0) { pos = html.length; break; }
    const gt = lower.indexOf('>', close);
    pos = gt < 0 ? html.length : gt + 1;
  }
  return out + html.slice(pos);
}

function decodeEntities(s: string): string {
  return s.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
