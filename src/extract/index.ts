// Figure and claim extraction for one decoded body. Pure, synchronous,
// deterministic, linear in the body: lines are analysed once, each line is
// scanned once by scan.ts, tables are tracked per quote depth.
import type { ExtractedClaim, ExtractedFigure, Segment } from '../core/types';
import { analyzeLines, segmentsOf } from './segment';
import { scanLine, SKIP_LINE, type Candidate } from './scan';
import { TableTracker, LabelMemo, labelUnit, type CellUnit } from './tables';
import { toolMentioned, conventionOf, unitAlias, sharesOutput, hasLookalikes } from './tools';
import { type Ctx, TOOL_REACH, shapeOfLine, toolOfLine, timedCommandTool, blockToolNamed, proseTool } from './linetools';
import { matchUnitAt, canonicalOf, kindOf, lookupUnit, type UnitMatch } from './units';
import { findClaims, type LineRef } from './claims';
import { metricOf, conditionOf, rowLabel } from './figurelabels';
import { digitAndTwiceLines } from './lines';
import { NO_DEFS } from './labels';
import { isBlank, codeAt } from './chars';

export { segmentBody } from './segment';
export { parseQuantity } from './units';

export interface Extraction { segments: Segment[]; figures: ExtractedFigure[]; claims: ExtractedClaim[] }

/** Lines a table header may stand above its first row (blank lines, separators, stacked headers). */
const HEADER_REACH = 8;
const BINARY_FORMULA = /1024[ \t]*\*[ \t]*1024/;
const UNDERLINE = /^[ \t]*(?:={4,}|-{4,})[ \t]*$/;
// (two tests, words first: see isProse in tables.ts)
const PROSE_LINE_WORD = /\b(?:the|and|that|this|with|is|are|was|were|it|to|of|you|have|but|for|from|than|when|which|would|could|should|about)\b/i;
const PROSE_LINE_PUNCT = /[a-z]{2}[,;.!?](?:[ \t]|$)/i;
const STORAGE = /\b(?:disk|disks|drive|drives|hdd|ide|scsi|ram|memory|mem|swap|cache|partition|file|files|filesystem|journal|dimm|sdram)\b/i;
const NO_CANDS: Candidate[] = [];
const NO_CELLS = new Map<number, CellUnit>();   // never written: the lines without cells share it
const MAX_LINE = 20000;             // longer lines are scanned only up to here
const HZ_END = /hz$/i;
const KV = /^[ \t]*([A-Za-z][A-Za-z %()/#-]{1,40}?)[ \t]*[:=]?[ \t]+$/;

function unitFromSpelling(spelling: string): UnitMatch | null {
  if (spelling === '-' || !spelling) return null;
  // '1': a plain count whose column names the thing counted ("Loads", "Context Switches")
  if (spelling === '1') return { text: '', def: { canonicalUnit: '1', power: 0, base: 'dec' }, perSecond: false, perMinute: false, end: 0, weak: false };
  return matchUnitAt(spelling, 0);
}

/** Extracts segments, figures and claims from a decoded body. Never throws. */
export function extractMessage(text: string, meta: { fromName: string; subject: string }): Extraction {
  const figures: ExtractedFigure[] = [];
  let segments: Segment[] = [];
  let claims: ExtractedClaim[] = [];
  try {
    if (typeof text !== 'string' || !text) return { segments, figures, claims };
    const lines = analyzeLines(text);
    segments = segmentsOf(lines);
    const ctx: Ctx = { text, lines, subjectTool: toolMentioned(meta?.subject ?? ''), lineTools: null,
      lineShapes: null, lineNamed: null, underline: null, timedTool: null };
    const cells = new Set<number>();
    const figLines: number[] = [];   // the line of each figure
    extractFigures(ctx, figures, cells, figLines);
    const refs: LineRef[] = [];   // by line: findClaims asks for each figure's line twice
    const lineAt = (_: ExtractedFigure, i: number): LineRef => {
      const li = figLines[i];
      const l = lines[li];
      return refs[li] ??= { start: l.start, end: l.end, depth: l.depth, text: text.slice(l.contentStart, l.end) };
    };
    claims = findClaims(figures, lineAt, (i) => cells.has(i));
  } catch {
    // keep what was found: a body the rules cannot read must not stop an import
  }
  return { segments, figures, claims };
}

function extractFigures(ctx: Ctx, out: ExtractedFigure[], cellIdx: Set<number>, outLines: number[]): void {
  const { text, lines } = ctx;
  const trackers: (TableTracker | undefined)[] = [];   // by quote depth
  const labelCache = new LabelMemo();   // column label -> unit, for this message
  // the tool named last before a line, at its depth (or one level off), within reach;
  // looked up lazily: lines far from any figure are never searched for tool names
  const memo = new Map<number, string | null>();   // a line asks several times (header, cells, rows)
  const blockTool = (depth: number, at: number): string | null => {
    const mk = at * 64 + Math.min(depth, 63);
    const hit = memo.get(mk);
    if (hit !== undefined) return hit;
    const found = lookBack(depth, at);
    memo.set(mk, found);
    return found;
  };
  const isUnderline = (k: number): boolean => {
    const memo = ctx.underline ??= new Array(lines.length);
    let u = memo[k];
    if (u === undefined) { const l = lines[k]; memo[k] = u = UNDERLINE.test(text.slice(l.contentStart, l.end)); }
    return u;
  };
  const lookBack = (depth: number, at: number): string | null => {
    let other: string | null = null;
    for (let k = at; k >= 0 && k >= at - TOOL_REACH; k--) {
      const l = lines[k];
      if (l.kind !== 'text' && l.kind !== 'quote') continue;
      // "NFS/UDP client results\n=====": a new section; its heading may name the tool, nothing above it does
      if (k > 0 && k < at && isUnderline(k)) {
        const h = lines[k - 1];
        if (h.depth === depth && text.slice(h.contentStart, h.end).trim()) return toolOfLine(ctx, k - 1) ?? other;
      }
      if (l.depth !== depth && l.depth !== depth - 1 && l.depth !== depth + 1) continue;
      const t = toolOfLine(ctx, k);
      if (!t) continue;
      if (l.depth === depth) return t;
      if (other === null) other = t;
    }
    return other;
  };
  // Where the next line holding a digit is: a line with no digit nearby can be neither a
  // figure nor a table header that any figure will use, so it skips the header test
  // (the costliest per-line work on prose). digitLines[d] is the first at or after the line read;
  // twiceLines[tw] likewise for the lines holding "twice" (a ratio word, without a digit).
  const { digits: digitLines, twice: twiceLines } = digitAndTwiceLines(text, lines, MAX_LINE);
  let d = 0, tw = 0;
  let cur = 0;   // the line being read: table trackers ask for the tool in force there
  let lastContentLine = -1, lastContent = '';   // the last line whose whole content was sliced
  for (let li = 0; li < lines.length; li++) {
    cur = li;
    try {
    const L = lines[li];
    if (L.kind !== 'text' && L.kind !== 'quote') continue;
    while (d < digitLines.length && digitLines[d] < li) d++;
    const hasDigit = d < digitLines.length && digitLines[d] === li;
    while (tw < twiceLines.length && twiceLines[tw] < li) tw++;
    const twice = tw < twiceLines.length && twiceLines[tw] === li;   // (before its first digit, if any)
    // (for a line without one: the first digit line after it; none is as good as out of reach)
    const nextDigitLine = d < digitLines.length ? digitLines[d] : Infinity;
    const contentEnd = Math.min(L.end, L.contentStart + MAX_LINE);
    if (isBlank(text, L.contentStart, contentEnd)) { trackers[L.depth]?.blankLine(); continue; }
    // most lines hold no digit: they can only be a table header, prose that ends a table, or "twice"
    // (far from digits: read in place; the content is sliced only for a table it may end)
    if (!hasDigit && nextDigitLine - li > HEADER_REACH && !twice) {
      const t = trackers[L.depth];
      if (t) {
        t.notHeader();
        if (t.header !== null || t.defaultUnit !== null) t.endIfProse(text.slice(L.contentStart, contentEnd), NO_CANDS);
      }
      continue;
    }
    const content = text.slice(L.contentStart, contentEnd);
    const aboveContent = lastContentLine === li - 1 ? lastContent : null;   // the line above, if sliced whole
    lastContentLine = L.end - L.contentStart <= MAX_LINE ? li : -1; lastContent = content;
    if (hasDigit && SKIP_LINE.test(content)) continue;
    const next = hasDigit && li + 1 < lines.length && lines[li + 1].depth === L.depth ? text.slice(lines[li + 1].contentStart, Math.min(lines[li + 1].end, lines[li + 1].contentStart + 200)) : '';
    const prev = hasDigit && li > 0 && lines[li - 1].depth === L.depth ? text.slice(Math.max(lines[li - 1].contentStart, lines[li - 1].end - 40), lines[li - 1].end) : '';
    const cands = hasDigit || twice ? scanLine(content, next, prev) : NO_CANDS;
    let tracker = trackers[L.depth];
    if (!tracker) {
      const depth = L.depth;
      tracker = new TableTracker((at) => blockTool(depth, at) ?? ctx.subjectTool, () => cur, labelCache);
      trackers[L.depth] = tracker;
    }
    const above = li > 0 && lines[li - 1].depth === L.depth ? aboveContent ?? text.slice(lines[li - 1].contentStart, lines[li - 1].end) : '';
    if (tracker.takeHeader(content, cands, above)) continue;
    if (cands.length === 0) { tracker.endIfProse(content, cands); continue; }
    figuresOfLine(ctx, li, content, cands, tracker, blockTool, out, cellIdx, outLines);
    } catch {
      // one line the rules cannot read costs its own figures, not the rest of the message
    }
  }
}

/**
 * The figures of a line that holds candidates and is no table header, pushed to `out` (their
 * line to outLines, the table cells' indexes to cellIdx). Its own function, not part of
 * extractFigures' line loop: on a cold import the rules' rare branches deoptimize it now and
 * then, and each time only this is compiled again, not the whole loop (which also compiled
 * again for on-stack replacement).
 */
function figuresOfLine(ctx: Ctx, li: number, content: string, cands: Candidate[], tracker: TableTracker,
  blockTool: (depth: number, at: number) => string | null, out: ExtractedFigure[], cellIdx: Set<number>, outLines: number[]): void {
  const { text, lines } = ctx;
  const L = lines[li];
  let lineTool = toolOfLine(ctx, li);
  if (lineTool && hasLookalikes(lineTool)) {
    // tbench prints dbench's lines: the tool the mail names decides
    const named = blockToolNamed(ctx, li, L.depth) ?? ctx.subjectTool;
    if (named && sharesOutput(named, lineTool)) lineTool = named;
  }
  // the tool in force, looked up (up to TOOL_REACH lines back) only if a figure asks: sentences don't
  let toolHere: string | null | undefined;
  const toolInForce = (): string | null => toolHere !== undefined ? toolHere : (toolHere = lineTool ?? blockTool(L.depth, li) ?? ctx.subjectTool);
  let unitless = 0;
  for (const c of cands) if (!c.unit && !c.fixed && !c.attachedWord) unitless++;
  let cells = NO_CELLS;   // most lines: no cells, no map
  if (unitless) cells = tracker.cellUnits(content, cands);
  // "Elapsed Time 79.278", "Context Switches: 63006.2": a known label and one number
  if (unitless === 1 && cands.length === 1 && !cells.has(0)) {
    const c = cands[0];
    const km = KV.exec(content.slice(0, c.start));
    if (km && c.end >= content.trimEnd().length - 1) {
      const u = labelUnit(km[1], toolInForce(), NO_DEFS);
      if (u && u !== '-') {
        if (cells === NO_CELLS) cells = new Map();
        cells.set(0, { spelling: u, column: km[1].trim() });
      }
    }
  }
  const isRow = cells.size > 0;
  // toolByShape reads no line over 2000 characters; shorter ones are the line toolText reads
  const shapeLine = content.length <= 2000 && shapeOfLine(ctx, li) !== null;
  // time(1) output ("real 5m27.670s", "6.080u 17.420s 0:26.80") belongs to the run described above it
  const timeOutput = cands.some((c) => c.fixed !== undefined && c.fixed.canonicalUnit === 's') && !(PROSE_LINE_WORD.test(content) || PROSE_LINE_PUNCT.test(content));
  if (isRow && tracker.oneValueColumn()) tracker.rowSeen();
  else tracker.endIfProse(content, cands);
  const label = isRow ? rowLabel(content) : null;
  // per line, not per figure: a table row holds many
  const lineText = content.trim().slice(0, 300);
  const f: FigureLine = { ctx, li, content, cells, lineTool, isRow, shapeLine, timeOutput, toolInForce, label, lineText,
    condition: undefined, binaryFormula: undefined };
  for (let k = 0; k < cands.length; k++) pushFigure(f, cands[k], k, out, cellIdx, outLines);
}

/** What the figures of one line share, worked out once for the line (the last two on first use). */
interface FigureLine {
  ctx: Ctx; li: number; content: string;
  cells: Map<number, CellUnit>;    // by candidate index: the unit its table column gives
  lineTool: string | null;         // the tool the line prints or names
  isRow: boolean;                  // a table row
  shapeLine: boolean;              // a line of some tool's output
  timeOutput: boolean;             // time(1) output
  toolInForce: () => string | null;
  label: string | null;            // the row's label
  lineText: string;
  condition: string | null | undefined;
  binaryFormula: boolean | undefined;
}

/**
 * The figure of candidate c (the k-th of its line), pushed to `out`, unless the rules drop it.
 * Its own function, not part of figuresOfLine: on a cold import its rare branches deoptimize
 * it now and then, and only this is compiled again.
 */
function pushFigure(f: FigureLine, c: Candidate, k: number, out: ExtractedFigure[], cellIdx: Set<number>, outLines: number[]): void {
  const { ctx, li, content, cells, lineTool, isRow, shapeLine, timeOutput, toolInForce, label, lineText } = f;
  const { lines } = ctx;
  const L = lines[li];
  let unit: UnitMatch | null = c.unit;
  let metric: string | null = null;
  const cell = cells.get(k);
  if (cell && cell.spelling === '-') return;
  if (!unit && !c.fixed) {
    if (!cell || c.attachedWord) return;
    unit = unitFromSpelling(cell.spelling);
    if (!unit) return;
    metric = cell.column ? cell.column.toLowerCase() : null;
  } else if (cell) metric = cell.column ? cell.column.toLowerCase() : null;
  // table rows and tool-output-like lines take the tool in force; sentences only one named nearby
  let figTool = c.fixed && c.fixed.canonicalUnit === 'x' && !lineTool ? (isRow ? toolInForce() : lineTool)
    : timeOutput && !lineTool ? timedCommandTool(ctx, li, L.depth, toolInForce)
    : isRow || lineTool ? toolInForce() : proseTool(ctx, li, L.depth, lineTool);
  // the machine a run was made on (its clock, its memory, its disks) belongs to no tool
  if (!isRow && !shapeLine && c.unit && !c.unit.perSecond && !c.unit.perMinute &&
    (c.unit.def.canonicalUnit === 'B' || HZ_END.test(c.unit.text))) figTool = null;
  let unitText: string, canonicalUnit: string, factor: number, kind: string;
  if (c.fixed) ({ unitText, canonicalUnit, factor, kind } = c.fixed);
  else {
    // a disk capacity the kernel prints ("sectors (20020 MB)") is decimal
    // a tool's size convention is for what the tool prints (tables, its output lines);
    // memory and file sizes in prose keep the binary default
    let conv = conventionOf(figTool);
    if (!isRow && !shapeLine && conv.B) conv = { ...conv, B: undefined };
    if (codeAt(content, c.start - 1) === 40 /* ( */ && /sectors \($/.test(content.slice(Math.max(0, c.start - 10), c.start))) conv = { B: 'decimal' };
    // "33*1000*1000*32/(1024*1024*8) = 125.8 Megabytes/second": the author's own binary prefix
    if (f.binaryFormula === undefined) f.binaryFormula = BINARY_FORMULA.test(content);
    if (f.binaryFormula) conv = { B: 'binary', 'B/s': 'binary' };
    const alias = c.unit && figTool ? unitAlias(figTool, c.unit.text) : null;
    if (alias) { const a = lookupUnit(alias); if (a) unit = { ...unit!, def: a }; }
    // "32-bit", "64bit": a width, not a rate
    if (unit!.def.canonicalUnit === 'bit' && unit!.def.power === 0 && !unit!.perSecond) return;
    // "80Gb disk", "384Mb of RAM": a size written with a small b
    if (unit!.def.canonicalUnit === 'bit' && !unit!.perSecond && STORAGE.test(content.slice(Math.max(0, c.start - 40), c.end + 40))) {
      unit = { ...unit!, def: { canonicalUnit: 'B', power: unit!.def.power, base: 'size' } };
    }
    const cu = canonicalOf(unit!, conv);
    unitText = c.unit ? c.unit.text : (cell?.spelling === '1' ? '' : unit!.text);
    canonicalUnit = cu.unit; factor = cu.factor; kind = kindOf(canonicalUnit, unit!.text);
    if (canonicalUnit === 'B' && unit!.text === 'm' && !(Number.isInteger(c.value) && c.value >= 16)) return;
    if (canonicalUnit === '1' && !cell) return;
  }
  const absStart = L.contentStart + c.start;
  const absEnd = c.unitOnNextLine !== undefined && li + 1 < lines.length ? lines[li + 1].contentStart + c.unitOnNextLine : L.contentStart + c.end;
  // "1e308 GB" overflows to Infinity in canonical units: not a measurement
  if (!Number.isFinite(c.value * factor)) return;
  if (isRow) cellIdx.add(out.length);
  out.push({
    value: c.value,
    unit: unitText,
    canonicalValue: c.value * factor,
    canonicalUnit,
    kind,
    metric: metric ?? (cell ? null : metricOf(content, c)),
    condition: label ?? (f.condition === undefined ? (f.condition = conditionOf(content)) : f.condition),
    tool: figTool,
    approx: c.approx,
    quoted: L.depth > 0,
    quotedFrom: L.depth > 0 ? L.quotedFrom : null,
    text: lineText,
    start: absStart,
    end: absEnd,
  });
  outLines.push(li);   // (after the push: building the figure may throw)
}
