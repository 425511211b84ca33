// Tables: a header line (or a line stating the unit) gives unit-less cells their
// unit. Columns are matched by position (tabs expanded), or right-aligned by count.
import columnsData from './data/columns.json';
import toolsData from './data/tools.json';
import unitsData from './data/units.json';
import { matchUnitAt, lookupUnit } from './units';
import { GENERIC, norm, labelUnit, knownUnderAnyTool, type LabelMemo } from './labels';
import type { Candidate } from './scan';
import { backBlanks, isLetterCode, codeAt } from './chars';
import { remember } from './memo';

export interface Column { name: string; start: number; end: number }
export interface CellUnit { spelling: string; column: string }
export { unitForLabel, labelUnit, LabelMemo } from './labels';

const UNIT_LINES = columnsData.unitLinePatterns.map((s) => new RegExp(s, 'i'));
// a header holds at least one known column word or unit spelling: one regex tells most lines apart
const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const HEADER_WORDS = new Set<string>();
for (const k of Object.keys(columnsData.columns)) for (const w of k.split(' ')) if (/^[A-Za-z]{2,}$/.test(w)) HEADER_WORDS.add(w.toLowerCase());
for (const t of toolsData.tools as { columns?: Record<string, string> }[]) for (const k of Object.keys(t.columns ?? {})) for (const w of k.split(' ')) if (/^[A-Za-z]{2,}$/.test(w)) HEADER_WORDS.add(w.toLowerCase());
for (const k of [...Object.keys(unitsData.caseSensitive), ...Object.keys(unitsData.words)]) if (/^[A-Za-z]{2,}$/.test(k)) HEADER_WORDS.add(k.toLowerCase());
// /[%/]|\b(?:words)\b/i, the two characters found by includes (see unitHint)
const HEADER_WORD = new RegExp('\\b(?:' + [...HEADER_WORDS].map(esc).join('|') + ')\\b', 'i');
const headerHint = (t: string) => t.includes('%') || t.includes('/') || HEADER_WORD.test(t);
const STATEMENT_WORD = /\b(?:numbers|results|figures|values|times|timings)\b/i;
// /=|\b(?:in|units?)\b/i, the '=' found by includes: as one alternation V8 tries '=' at every position
const UNIT_WORD = /\b(?:in|units?)\b/i;
const unitHint = (t: string) => t.includes('=') || UNIT_WORD.test(t);
// Prose: /[a-z]{2}[,;.!?] [A-Za-z]|\b(?:the|and|...)\b/i, as two tests, words first: as one
// alternation V8 tries the punctuation branch at every position (a third slower on prose).
const PROSE_WORD = /\b(?:the|and|that|this|with|is|are|was|it|to|of|you|have|but|for)\b/i;
const PROSE_PUNCT = /[a-z]{2}[,;.!?] [A-Za-z]/i;
const isProse = (t: string) => PROSE_WORD.test(t) || PROSE_PUNCT.test(t);
const FIVE_WORDS = /(?:[A-Za-z]{3,}[^A-Za-z]+){4}[A-Za-z]{3}/;
const LETTER = /[A-Za-z]/;
const SEPARATOR = /^[ \t]*[-=+|]{3,}(?:[ \t]+[-=+|]{2,})*[ \t]*$/;
const GROUP_HEADER = /^[ \t]*-{2,}[\w %/().&-]{0,40}-{2,}/;

/**
 * Expanded (tab stop 8) column of every offset in s; null when s has no tab (the column is
 * then the offset: most lines, and no array to make). Read it with col().
 */
function columnsOf(s: string): number[] | null {
  if (!s.includes('\t')) return null;
  const cols: number[] = new Array(s.length + 1);   // every slot is written; a typed array costs more to create
  let c = 0;
  for (let i = 0; i < s.length; i++) {
    cols[i] = c;
    c = s.charCodeAt(i) === 9 ? (c + 8) - (c % 8) : c + 1;
  }
  cols[s.length] = c;
  return cols;
}
const col = (cols: number[] | null, i: number) => cols === null ? i : cols[i];

const PHRASE = /[^ \t]+(?: [^ \t]+)*/g;   // phrases split on 2+ spaces or tabs
const LONG_WORDS = /[A-Za-z]{3,}/g;

// A phrase that is no known label is read as its words. Pure in the phrase, and the same
// phrases recur: remembered across messages (bounded), as norm() and the lookup cost more.
const SPLITS = new Map<string, boolean>();
function splitsIntoWords(phrase: string): boolean {
  let v = SPLITS.get(phrase);
  if (v === undefined) {
    v = GENERIC[norm(phrase)] === undefined;
    remember(SPLITS, 20000, phrase, v);
  }
  return v;
}

function tokensWithPos(s: string, cols: number[] | null): Column[] {
  const out: Column[] = [];
  const re = PHRASE;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const phrase = m[0];
    const start = m.index;
    if (phrase.includes(' ') && splitsIntoWords(phrase)) {
      // its words: one space apart, none empty (what /[^ ]+/g finds in a phrase)
      for (let a = 0; ;) {
        const sp = phrase.indexOf(' ', a), e = sp < 0 ? phrase.length : sp;
        out.push({ name: phrase.slice(a, e), start: col(cols, start + a), end: col(cols, start + e) });
        if (sp < 0) break;
        a = sp + 1;
      }
    } else out.push({ name: phrase, start: col(cols, start), end: col(cols, start + phrase.length) });
  }
  return out;
}

/** /[A-Za-z][:=][ \t]*$/ on the 12 characters before `start`: "size: 1073741824". */
function labelledBefore(s: string, start: number): boolean {
  const from = Math.max(0, start - 12);
  const k = backBlanks(s, from, start);
  if (k - 2 < from) return false;
  const eq = s.charCodeAt(k - 1);
  return (eq === 58 || eq === 61) && isLetterCode(s.charCodeAt(k - 2));
}

/** A candidate not glued to a word, and not a time right after a ">". */
function hasFigure(s: string, cands: Candidate[]): boolean {
  for (const c of cands) if (!c.attachedWord && !(c.unit && c.unit.def.canonicalUnit === 's' && codeAt(s, c.start - 1) === 62)) return true;
  return false;
}

/** Tracks the active table header inside one quote depth. */
export class TableTracker {
  header: Column[] | null = null;
  private lastWasHeader = false;
  private lastHeaderWidth = 0;
  private prevRowEnd = -1;                      // visual end of the last data row, for wrapped rows
  private pendingTop: Column[] | null = null;   // a header-looking line just above
  defs = new Map<string, string>();      // "rate" -> "megabytes per second"
  defaultUnit: string | null = null;     // "Numbers are in MB/second"

  /** toolAt(line): the tool in force at a line; line(): the line being read. */
  constructor(private toolAt: (line: number) => string | null, private line: () => number, private cache: LabelMemo) {}

  private tool(): string | null { return this.toolAt(this.line()); }

  /** unitForLabel, remembered per tool and name for the life of this message. */
  unitOf(name: string, tool: string | null): string | null {
    let v = this.cache.get(tool, name);
    if (v === undefined) { v = labelUnit(name, tool, this.defs); this.cache.set(tool, name, v); }
    return v;
  }

  /** True when the line is a header (or a unit statement) and was taken. */
  takeHeader(s: string, cands: Candidate[], prevLine = ''): boolean {
    const top = this.pendingTop;
    this.pendingTop = null;
    const r = this.takeHeaderLine(s, cands, top);
    // a unit statement wrapped over two lines: 'The numbers are "number\nof jobs per minute".'
    if (!r && prevLine && STATEMENT_WORD.test(prevLine) && this.unitStatement(prevLine.slice(-80) + ' ' + s.trim().slice(0, 80))) return false;
    return r;
  }

  private unitStatement(t: string): boolean {
    for (const r of UNIT_LINES) {
      const m = r.exec(t);
      if (m && m.groups && !m.groups.key) {
        const unit = m.groups.unit.trim();
        const u = matchUnitAt(unit, 0);
        if ((u && !u.weak) || lookupUnit(unit)) { this.defaultUnit = unit; return true; }
      }
    }
    return false;
  }

  private takeHeaderLine(s: string, cands: Candidate[], top: Column[] | null): boolean {
    // a bare number in the line: a row or prose, never a header (checked first: it is the common case)
    for (const c of cands) if (!c.unit && !c.fixed && !c.attachedWord) { this.lastWasHeader = false; return false; }
    const t = s.trim();
    if (!t) { this.lastWasHeader = false; this.prevRowEnd = -1; return false; }
    if (t.length < 100 && unitHint(t)) for (const r of UNIT_LINES) {
      const m = r.exec(t);
      if (m && m.groups) {
        const unit = m.groups.unit.trim();
        if (matchUnitAt(unit, 0) || lookupUnit(unit)) {
          if (m.groups.key) { this.cache.beforeDefinition(); this.defs.set(norm(m.groups.key), unit); }
          else this.defaultUnit = unit;
          return true;
        }
      }
    }
    // both start (t is trimmed) with one of - = + |
    const c0 = t.charCodeAt(0);
    if ((c0 === 45 || c0 === 61 || c0 === 43 || c0 === 124) && (SEPARATOR.test(t) || GROUP_HEADER.test(t))) return this.header !== null || this.lastWasHeader;
    // a figure in the line: not a header, and it ends one above only if it does not read as one
    // (asked only then: the tests below read the whole line)
    if (hasFigure(s, cands)) {
      if (this.lastWasHeader && (t.length > 240 || isProse(t) || !headerHint(t))) this.lastWasHeader = false;
      return false;
    }
    // prose is never a header: long lines, sentences with punctuation (prose first: on prose
    // it matches early, while HEADER_HINT reads to the end of the line to fail)
    if (t.length > 240 || isProse(t) || !headerHint(t)) { this.lastWasHeader = false; return false; }
    const cols = columnsOf(s);
    const toks = tokensWithPos(s, cols);
    if (toks.length < 2 || toks.length > 30) return false;
    let known = 0;
    let tool: string | null | undefined;   // looked up only for a label some tool's columns name
    const at = this.line();
    // Finding the tool in force walks up to 60 lines back, testing each for tool names: it is
    // done only when the count of known labels (hence the outcome) depends on it. Labels some
    // tool names mostly have a unit under every tool or under none; their lookups, while no
    // definitions exist, are put off (LabelMemo writes them before the first one).
    let open: string[] | null = null;     // labels whose unit the tool decides
    for (const c of toks) {
      let u = this.cache.withoutTool(c.name, this.toolAt, at);
      if (u === undefined) {
        const k = this.cache.hasDefinitions ? -2 : knownUnderAnyTool(c.name);
        if (k === -1) { (open ??= []).push(c.name); continue; }
        if (k >= 0) { this.cache.deferTool(c.name, this.toolAt, at); known += k; continue; }
        u = this.unitOf(c.name, tool === undefined ? (tool = this.tool()) : tool);
      }
      if (u !== null) known++;
    }
    if (open !== null) {
      const n = toks.length, hi = known + open.length;
      const header = (k: number) => k >= Math.min(2, n - 1) && k >= n * 0.4, top = (k: number) => n >= 3 && k >= 1;
      if (header(known) === header(hi) && (header(known) || top(known) === top(hi))) for (const name of open) this.cache.deferTool(name, this.toolAt, at);
      else {
        if (tool === undefined) tool = this.tool();
        for (const name of open) if (this.unitOf(name, tool) !== null) known++;
      }
    }
    if (known < Math.min(2, toks.length - 1) || known < toks.length * 0.4) {
      // "File  Block  Num  Seq Read ...": maybe the top of a header stacked over the next line
      this.pendingTop = toks.length >= 3 && known >= 1 ? toks : null;
      this.lastWasHeader = false;
      return false;
    }
    if (this.lastWasHeader && this.header && toks[0].start <= 2 && (this.header[0].start <= 2 || this.lastHeaderWidth >= 60) &&
        toks.length < this.header.length) {
      // a header line the mailer wrapped: its tail continues the columns to the right
      const shift = this.lastHeaderWidth + 1;
      this.header = this.header.concat(toks.map((c) => ({ name: c.name, start: c.start + shift, end: c.end + shift })));
    } else if (this.lastWasHeader && this.header) this.header = mergeHeaders(this.header, toks);
    else this.header = top ? mergeHeaders(top, toks) : toks;
    this.pendingTop = null;
    this.lastHeaderWidth = col(cols, s.length);
    this.lastWasHeader = true;
    this.prevRowEnd = -1;
    return true;
  }

  /** A line far from any number: not a header, whatever it says. */
  notHeader(): void { this.pendingTop = null; this.lastWasHeader = false; }

  /** A blank line: what takeHeader('', []) does (no header, and a wrapped row ends), without its tests. */
  blankLine(): void { this.notHeader(); this.prevRowEnd = -1; }

  /** The line was read as a row of the current table. */
  rowSeen(): void { this.lastWasHeader = false; }

  /** A prose line ends the table. */
  endIfProse(s: string, cands: Candidate[]): void {
    this.lastWasHeader = false;
    if (cands.length >= 2 || (this.header === null && this.defaultUnit === null)) return;
    if (FIVE_WORDS.test(s) && isProse(s)) { this.header = null; this.defaultUnit = null; }
    else if (LETTER.test(s) && !/:\s*$/.test(s)) this.header = null;
  }

  /** A line with one number under a header of many columns is not a row of it. */
  isRowShape(cells: number): boolean {
    if (cells >= 2 || this.prevRowEnd >= 0) return true;
    if (this.header === null) return false;
    return this.header.length <= 2 || this.oneValueColumn();
  }

  /** One number is a row of a table with one value column ("NOTPM  kernel  scheduler"). */
  oneValueColumn(): boolean {
    if (this.header === null) return false;
    const tool = this.tool();
    let values = 0;
    for (const h of this.header) { const u = this.unitOf(h.name, tool); if (u !== null && u !== '-') values++; }
    return values === 1;
  }

  /** Units for the unit-less cells of a data row, by candidate index. */
  cellUnits(s: string, cands: Candidate[]): Map<number, CellUnit> {
    const res = new Map<number, CellUnit>();
    // "size: 1073741824": a labelled value is not a cell of the table above
    const cells: { c: Candidate; i: number }[] = [];
    for (let i = 0; i < cands.length; i++) { const c = cands[i]; if (!c.attachedWord && !c.fixed && !labelledBefore(s, c.start)) cells.push({ c, i }); }
    if (!this.isRowShape(cells.length)) return res;
    // words after the first number make a sentence, not a row ("tbench 4 gives Throughput 512.3 MB/sec")
    if (cells.length) {
      const tail = s.slice(cells[0].c.start).match(LONG_WORDS);
      if (tail && tail.filter((w) => !lookupUnit(w)).length >= 3) { this.header = null; return res; }
    }
    if (!this.header || cells.length === 0) {
      if (this.defaultUnit && cells.length >= 2) for (const x of cells) if (!x.c.unit) res.set(x.i, { spelling: this.defaultUnit, column: '' });
      return res;
    }
    return this.cellsUnderHeader(s, cands, cells, this.header, res);
  }

  /**
   * cellUnits' work for a row under a header: each cell takes the column it stands under.
   * A method of its own (too big to be inlined): its branches, new to a cold import, make
   * it deoptimize now and then, and only this part is compiled again, not cellUnits.
   */
  private cellsUnderHeader(s: string, cands: Candidate[], cells: { c: Candidate; i: number }[], hdr: Column[], res: Map<number, CellUnit>): Map<number, CellUnit> {
    const cols = columnsOf(s);
    const prevRow = this.prevRowEnd;
    this.prevRowEnd = -1;
    let final: (Column | null)[];
    if (prevRow >= 0 && /^[ \t]*\d/.test(s) && cells.length <= 3 && cells.length === cands.length &&
        hdr.length > 0 && hdr[hdr.length - 1].start >= prevRow) {
      // the tail of a row the mailer wrapped: it belongs under the last columns
      final = cells.map((_, k) => hdr[hdr.length - cells.length + k] ?? null);
    } else {
      const assign: (Column | null)[] = cells.map((x) => {
        const a = col(cols, x.c.start), b = col(cols, x.c.end);
        let best: Column | null = null; let bestOv = 0;
        for (const h of hdr) {
          const ov = Math.min(b, h.end) - Math.max(a, h.start);
          if (ov > bestOv) { bestOv = ov; best = h; }
        }
        return best;
      });
      const hit = assign.filter(Boolean);
      const conflicts = hit.length - new Set(hit).size;
      final = assign;
      if ((conflicts > 0 || hit.length * 2 < cells.length) && cells.length <= hdr.length) {
        // right-align by count: the last N header columns hold the N numbers
        final = cells.map((_, k) => hdr[hdr.length - cells.length + k]);
      }
      this.prevRowEnd = col(cols, s.length);
    }
    const tool = this.tool();
    final.forEach((h, k) => {
      if (!h) return;
      const u = this.unitOf(h.name, tool);
      if (u && u !== '-') res.set(cells[k].i, { spelling: u, column: h.name });
      else if (u === '-') res.set(cells[k].i, { spelling: '-', column: h.name });
    });
    if (this.defaultUnit) for (const x of cells) if (!res.has(x.i) && !x.c.unit) res.set(x.i, { spelling: this.defaultUnit, column: '' });
    return res;
  }
}

function mergeHeaders(top: Column[], bottom: Column[]): Column[] {
  const used = new Set<Column>();
  const out: Column[] = bottom.map((b) => {
    let best: Column | null = null; let bestOv = 0;
    for (const t of top) {
      const ov = Math.min(b.end, t.end) - Math.max(b.start, t.start);
      if (ov > bestOv && !used.has(t)) { bestOv = ov; best = t; }
    }
    if (best && !/^-+|-+$/.test(best.name)) { used.add(best); return { name: best.name + ' ' + b.name, start: Math.min(b.start, best.start), end: Math.max(b.end, best.end) }; }
    return b;
  });
  return out;
}
