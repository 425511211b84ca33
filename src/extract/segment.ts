// Body segmentation: own text, quoted text (depth + the author named by the
// attribution above it), inline patches, signatures, list footers.
// One pass over the lines; every pattern is anchored and bounded.
import type { Segment } from '../core/types';
import { isBlank, skipBlanks, backBlanks, isBlankCode, codeAt } from './chars';
import { quotePrefixAt } from './quoteprefix';
import { remember } from './memo';

export type LineKind = Segment['kind'];

export interface LineInfo {
  start: number;         // offset of the line in the body
  end: number;           // offset of the line end (before \n)
  contentStart: number;  // offset after the quote prefix
  depth: number;
  kind: LineKind;
  quotedFrom: string | null;
}

const ON_WROTE = /^(?:On|Am|Le|El)\b.{0,200},[ \t]*([^,]{1,100}?)[ \t]+(?:wrote|writes|said|schrieb|a écrit|escribió)[ \t]*:?[ \t]*$/;
const X_WROTE = /^(.{1,120}?)[ \t]+(?:wrote|writes|said|schrieb|a écrit|escribió)[ \t]*:[ \t]*$/;
const OE_WROTE = /^(.{1,120}?)[ \t]+wrote in (?:message|news)\b/;   // Outlook Express: X wrote in message news:<id>...
const WROTE_ONLY = /^[ \t]*(?:wrote|writes|said)[ \t]*:[ \t]*$/;
const QUOTING = /^Quoting[ \t]+(.{1,100}?)[ \t]*:[ \t]*$/;
const GNUS = /^"?([\w.-]{1,20})"?[ \t]*==[ \t]*(.{1,100}?)[ \t]+(?:writes|wrote)[ \t]*:?[ \t]*$/;
const ORIGINAL = /^[ \t]*-{3,}[ \t]*(?:Original Message|Forwarded message|Ursprüngliche Nachricht)[ \t]*-{3,}[ \t]*$/i;
const HEADER_LINE = /^(?:From|Sent|To|Cc|Subject|Date):[ \t]/;
const DIFF_START = /^(?:diff[ \t]+-|Index:[ \t]|@@[ \t]+-\d|---[ \t]+\S+.*$)/;
const HUNK_LINE = /^(?:[ +\-\\@]|diff[ \t]|Index:|={6,}|Only in |\+\+\+[ \t]|---[ \t]|RCS file:|retrieving revision|new file mode|deleted file mode|index [0-9a-f]+\.\.)/;
const ATTRIBUTION_HINT = /wrote|writes|said|schrieb|écrit|escribi|Quoting|==/;
const PGP_BEGIN = '-----BEGIN PGP SIGNATURE-----';
const PGP_END = /^-----END PGP SIGNATURE-----/;
const FOOTER = /^(?:To unsubscribe from this list|_{10,}[ \t]*$|More majordomo info at|Please read the FAQ at)/;

// The same posters are quoted message after message, and cleanName is pure in its input (a
// dozen regex replaces): its answers are remembered across messages (bounded).
const CLEAN_NAMES = new Map<string, string | null>();

/** Cleans an attribution's name: drops the address when a name is there, quotes, "[mailto:..]". */
export function cleanName(raw: string): string | null {
  let v = CLEAN_NAMES.get(raw);
  if (v === undefined) {
    v = cleanNameOf(raw);
    remember(CLEAN_NAMES, 20000, raw, v);
  }
  return v;
}

function cleanNameOf(raw: string): string | null {
  let s = raw.trim().replace(/^(?:In article|In message)[ \t]+<[^>]{0,200}>,?[ \t]*/i, '').replace(/^(?:Quoting|quoth)[ \t]+/i, '');
  const addr = /<?([\w.+-]{1,64}@[\w.-]{1,128})>?/.exec(s);
  s = s.replace(/<[^>]{0,200}>/g, '').replace(/\[mailto:[^\]]{0,200}\]/gi, '').replace(/\([^)]{0,200}\)/g, '')
    .replace(/["']/g, '').replace(/[ \t]+/g, ' ').replace(/[,:;]+$/, '').trim();
  if (/@/.test(s)) s = s.replace(/[<>]/g, '').trim();
  // "11 2003, Jens Axboe", "21 Mar 2001 quintaq@yahoo.co.uk": a wrapped date before the name
  if (s.includes(',')) s = s.slice(s.lastIndexOf(',') + 1).trim();
  s = s.replace(/^.{0,60}\b(?:19|20)\d\d\b(?:[ \t]+\d\d?:\d\d(?::\d\d)?(?:[ \t]*[AP]M)?)?(?:[ \t]+[+-]\d{4})?(?:[ \t]+\([A-Z]{2,5}\))?[ \t]*/, '').replace(/^(?:at|on)[ \t]+/i, '').trim();
  if (!s) return addr ? addr[1] : null;
  if (s.length > 60) return addr ? addr[1] : null;
  return s;
}

/**
 * False when attributionName must return undefined or ATTRIBUTION_HINT finds nothing, for
 * the content text[a, b): every pattern of attributionName but OE_WROTE ends the line with
 * ':' or a verb (wrote, writes, said, schrieb, écrit, escribió) before trailing blanks;
 * OE_WROTE needs "wrote in " (where the body has one: `wroteIn`). A verb or "wrote in "
 * holds a hint; only a line ending in ':' needs the regex. Keep in step with them.
 */
function mayAttribute(text: string, a: number, b: number, wroteIn: number[]): boolean {
  const e = backBlanks(text, a, b);
  if (e > a) {
    switch (text.charCodeAt(e - 1)) {
      case 58: return ATTRIBUTION_HINT.test(text.slice(a, b));   // :
      case 101: if (endsAt(text, a, e, 'wrote')) return true; break;
      case 115: if (endsAt(text, a, e, 'writes')) return true; break;
      case 100: if (endsAt(text, a, e, 'said')) return true; break;
      case 98: if (endsAt(text, a, e, 'schrieb')) return true; break;
      case 116: if (endsAt(text, a, e, 'écrit')) return true; break;
      case 0xf3: if (endsAt(text, a, e, 'escribió')) return true; break;
    }
  }
  for (const p of wroteIn) if (p >= a && p + 9 <= b) return true;
  return false;
}
const endsAt = (text: string, a: number, e: number, w: string) => e - a >= w.length && text.startsWith(w, e - w.length);

function attributionName(content: string, prev: string | null): string | null | undefined {
  let m = ON_WROTE.exec(content);
  if (m) return cleanName(m[1]);
  m = GNUS.exec(content.replace(/^>+[ \t]*/, ''));
  if (m) return cleanName(m[2]);
  m = QUOTING.exec(content);
  if (m) return cleanName(m[1]);
  if (WROTE_ONLY.test(content) && prev) {
    const p = /,[ \t]*([^,]{1,100}?)[ \t]*$/.exec(prev) ?? /^(.{1,100})$/.exec(prev.trim());
    return p ? cleanName(p[1]) : null;
  }
  m = X_WROTE.exec(content) ?? OE_WROTE.exec(content);
  if (m) {
    const name = m[1];
    // "I wrote:", "you wrote:" name nobody we know; long sentences are not attributions
    if (/^(?:I|you|he|she|they|we|someone|somebody)$/i.test(name.trim())) return null;
    if (name.split(/\s+/).length > 8 && !/@/.test(name)) return undefined;
    return cleanName(name);
  }
  return undefined;
}

// Gates read on the body, before the content is sliced for the anchored patterns: their
// literal starts (a literal holds no line end, so it cannot run past the line). Keep in step.
/** /^--[ \t]?$/ (the signature separator) on text[a, b). */
function isSigDashes(text: string, a: number, b: number): boolean {
  return (b - a === 2 || (b - a === 3 && isBlankCode(text.charCodeAt(a + 2)))) &&
    text.charCodeAt(a) === 45 && text.charCodeAt(a + 1) === 45;
}
/** FOOTER's alternatives each start with one of these. */
function mayBeFooter(text: string, a: number, c0: number): boolean {
  return c0 === 84 ? text.startsWith('To unsubscribe', a) : c0 === 95 ? text.startsWith('__________', a)
    : c0 === 77 ? text.startsWith('More majordomo', a) : c0 === 80 && text.startsWith('Please read the FAQ', a);
}
/** DIFF_START's alternatives each start with one of these. */
function mayStartDiff(text: string, a: number, c0: number): boolean {
  return c0 === 100 ? text.startsWith('diff', a) : c0 === 73 ? text.startsWith('Index:', a)
    : c0 === 64 ? text.startsWith('@@', a) : c0 === 45 && text.startsWith('---', a);
}

/** text.indexOf(c, from), or text.length when there is none. */
function indexOrEnd(text: string, c: string, from: number): number {
  const i = text.indexOf(c, from);
  return i < 0 ? text.length : i;
}

/** The first 400 characters of a line: what the prefix patterns read (sliced only when one runs). */
const headOf = (text: string, pos: number, end: number) => text.slice(pos, Math.min(end, pos + 400));

/** Per-line analysis used by both segmentBody and the extractor. */
export function analyzeLines(text: string): LineInfo[] {
  const out: LineInfo[] = [];
  const attrib: (string | null)[] = [];     // attrib[d]: who is quoted at depth d
  let patchDepth = -1;
  let sigDepth = -1;
  let footerDepth = -1;
  let pgp = false;
  let outlook = 0;                           // extra depth added by an Outlook-style block
  let indentQuote = -1;                      // depth of an attribution followed by an indented block
  let prevStart = -1, prevEnd = -1;          // the last non-blank line's content (sliced when an attribution asks)
  // "wrote in " (OE_WROTE): where the body holds one, usually nowhere
  const wroteIn: number[] = [];
  // (found from "wrote": V8 searches a pattern of 7 characters or more with Boyer-Moore-Horspool,
  // whose table costs more than this whole search)
  for (let p = text.indexOf('wrote'); p >= 0; p = text.indexOf('wrote', p + 1)) if (text.startsWith('wrote in ', p)) wroteIn.push(p);
  let pos = 0;
  const n = text.length;
  let nextGt = -1, nextBar = -1;             // the next '>' and '|' at or after some earlier line start
  while (pos <= n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    const lineEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let prefixLen = 0;
    let depth = 0;
    // past lineEnd come only '\r', '\n' or nothing: as good as the end of the line for these tests
    const gnusHead = codeAt(text, pos) === 62 && codeAt(text, pos + 1) === 62 && codeAt(text, pos + 2) === 62 ? headOf(text, pos, lineEnd) : null;
    const gnus = gnusHead !== null && /^>{3,}[ \t]*"?([\w.-]{1,20})"?[ \t]*==/.test(gnusHead) ? GNUS.exec(gnusHead.replace(/^>+[ \t]*/, '')) : null;
    if (gnus) {
      // >>>>> "Robert" == Robert Morris <rtm@...> writes:  (Gnus) introduces "Robert>" quotes
      attrib[1] = cleanName(gnus[2]);
      attrib.length = 2;
      out.push({ start: pos, end: lineEnd, contentStart: pos, depth: 0, kind: 'attribution', quotedFrom: null });
      prevStart = pos; prevEnd = lineEnd;
      pos = nl + 1;
      if (nl >= n) break;
      continue;
    }
    // A first quote level holds a '>' or '|' in the line's first 19 characters (up to 3 blanks,
    // then '>', '|' or a name of up to 15 characters and '>'): where the next of each is in the
    // body is known, so most lines are told apart without reading them.
    if (nextGt < pos) nextGt = indexOrEnd(text, '>', pos);
    if (nextBar < pos) nextBar = indexOrEnd(text, '|', pos);
    const qp = (nextGt < pos + 19 && nextGt < lineEnd) || (nextBar < pos + 19 && nextBar < lineEnd)
      ? quotePrefixAt(text, pos, Math.min(lineEnd, pos + 400)) : null;   // (read in the line's first 400 characters)
    let prefixName: string | null = null;
    if (qp) { prefixName = qp.name; prefixLen = qp.length; depth = qp.depth; }
    const cs = pos + prefixLen;
    // the content, sliced only when a pattern reads it (most lines: none does)
    let content: string | null = null;
    depth += outlook;
    let kind: LineKind = depth > 0 ? 'quote' : 'text';
    const blank = isBlank(text, cs, lineEnd);
    // the anchored patterns below each start with one of a few characters: test that first
    // (-1 on a blank line, not NaN: optimized code that has seen only small integers here deoptimizes on NaN)
    const c0 = cs < lineEnd ? text.charCodeAt(cs) : -1;
    const dash = c0 === 45;

    // indented block introduced by an attribution: quoted one level deeper
    if (indentQuote >= 0 && depth === indentQuote) {
      if (!blank && /^[ \t]{2,}\S/.test(content ??= text.slice(cs, lineEnd))) { depth = indentQuote + 1; kind = 'quote'; }
      else if (!blank) indentQuote = -1;
    }

    if (pgp) { kind = 'signature'; if (PGP_END.test(content ??= text.slice(cs, lineEnd))) pgp = false; }
    else if (dash && text.startsWith(PGP_BEGIN, cs)) { kind = 'signature'; pgp = true; }
    else if (footerDepth >= 0 && depth === footerDepth) kind = 'footer';
    else if (mayBeFooter(text, cs, c0) && FOOTER.test(content ??= text.slice(cs, lineEnd)) && (/^To unsubscribe|^More majordomo|^Please read the FAQ/.test(content) || /mailing list/i.test(text.slice(lineEnd, lineEnd + 300)))) { kind = 'footer'; footerDepth = depth; }
    else if (patchDepth >= 0 && depth === patchDepth && (c0 === 32 || c0 === 43 || dash || c0 === 92 || c0 === 64 /* HUNK_LINE's first class: space + - \ @ */ || HUNK_LINE.test(content ??= text.slice(cs, lineEnd))) &&
      !(dash && isSigDashes(text, cs, lineEnd))) kind = 'patch';
    else if (mayStartDiff(text, cs, c0) && DIFF_START.test(content ??= text.slice(cs, lineEnd)) && (content.startsWith('diff') || content.startsWith('Index:') || content.startsWith('@@') ||
      /^\+\+\+[ \t]/.test(text.slice(nl + 1 + prefixLen, nl + 200)))) { kind = 'patch'; patchDepth = depth; }
    else {
      patchDepth = -1;
      if (sigDepth >= 0 && depth !== sigDepth && !blank) sigDepth = -1;
      if (sigDepth >= 0) kind = 'signature';
      else if (dash && isSigDashes(text, cs, lineEnd)) { kind = 'signature'; sigDepth = depth; }
      else if ((dash || c0 === 32 || c0 === 9) && text.startsWith('---', skipBlanks(text, cs, lineEnd)) && ORIGINAL.test(content ??= text.slice(cs, lineEnd))) {
        kind = 'attribution';
        // the From: line below names the author; everything after is quoted one level deeper
        const below = text.slice(nl + 1, nl + 600);
        const fm = /^[> \t]*From:[ \t]*(.{1,200})$/m.exec(below);
        // header lines, then the original: indent it one level unless it is already '>'-quoted
        const body = /^(?:(?:[ \t]*|(?:From|Sent|To|Cc|Subject|Date):.{0,300})\n){0,12}(.{0,3})/.exec(below);
        if (!(body && body[1].startsWith('>'))) outlook += 1;
        attrib[depth + 1] = fm ? cleanName(fm[1]) : null;
        attrib.length = depth + 2;
      } else if (!blank && lineEnd - cs < 300 && (mayAttribute(text, cs, lineEnd, wroteIn) || (outlook > 0 && depth === outlook && ATTRIBUTION_HINT.test(content ??= text.slice(cs, lineEnd))))) {
        const name = attributionName(content ??= text.slice(cs, lineEnd), prevEnd < 0 ? null : text.slice(prevStart, prevEnd));
        if (name !== undefined) {
          kind = 'attribution';
          attrib[depth + 1] = name;
          attrib.length = depth + 2;
          indentQuote = depth;
        } else if (outlook > 0 && HEADER_LINE.test(content ??= text.slice(cs, lineEnd)) && depth === outlook) kind = 'attribution';
      }
    }
    if (indentQuote >= 0 && kind !== 'attribution' && !blank && depth === indentQuote) indentQuote = -1;
    const quotedFrom = depth > 0 ? attrib[depth] ?? prefixName : null;
    out.push({ start: pos, end: lineEnd, contentStart: pos + prefixLen, depth, kind, quotedFrom });
    if (!blank) { prevStart = cs; prevEnd = lineEnd; }
    pos = nl + 1;
    if (nl >= n) break;
  }
  rejoinWrappedQuotes(text, out);
  return out;
}

/**
 * A mailer that wraps a long quoted line leaves its tail without the '>':
 * a short own-looking line between two quoted lines of one depth, after a long
 * line that does not end a sentence, is the rest of the quote.
 */
function rejoinWrappedQuotes(text: string, lines: LineInfo[]): void {
  for (let i = 1; i + 1 < lines.length; i++) {
    const l = lines[i], p = lines[i - 1], q = lines[i + 1];
    if (l.depth !== 0 || l.kind !== 'text' || p.kind !== 'quote' || q.kind !== 'quote' || p.depth !== q.depth) continue;
    const c = text.slice(l.start, l.end);
    if (c.length > 40 || !/^[a-z0-9(]/.test(c)) continue;
    if (p.end - p.start < 65 || /[.!?:;]\s*$/.test(text.slice(p.start, p.end))) continue;
    lines[i] = { ...l, depth: p.depth, kind: 'quote', quotedFrom: p.quotedFrom };
  }
}

/** Splits a decoded body into segments of one kind, depth and quoted author each. */
export function segmentBody(text: string): Segment[] {
  return text ? segmentsOf(analyzeLines(text)) : [];
}

/** The segments of analysed lines: runs of one kind, depth and quoted author. */
export function segmentsOf(lines: LineInfo[]): Segment[] {
  const segs: Segment[] = [];
  let last: Segment | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (last !== null && last.kind === l.kind && last.depth === l.depth && last.quotedFrom === l.quotedFrom) last.end = l.end;
    else segs.push(last = { kind: l.kind, start: l.start, end: l.end, depth: l.depth, quotedFrom: l.quotedFrom });
  }
  return segs;
}
