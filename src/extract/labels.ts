// Column and key-value labels: the unit a label gives its cells, and the memory of
// those lookups (within a message, and across messages where that is pure).
import columnsData from './data/columns.json';
import toolsData from './data/tools.json';
import { matchUnitAt, isUnitWord } from './units';
import { toolColumns, TOOLS } from './tools';
import { remember, ownCopy } from './memo';
import { isLetterCode } from './chars';

export const GENERIC: Record<string, string> = columnsData.columns;
// every label some tool's columns name: any other label has one unit whatever the tool
const TOOL_LABELS = new Set<string>();
for (const t of toolsData.tools as { columns?: Record<string, string> }[]) for (const k of Object.keys(t.columns ?? {})) TOOL_LABELS.add(k);
/** No unit statements: an empty map labelUnit only reads (never written). */
export const NO_DEFS: ReadonlyMap<string, string> = new Map<string, string>();

const BLANK_RUN = /[ \t]+/g;
/** Lower case, blank runs as one space, one final ':' dropped, trimmed (the replaces only where they change something). */
export const norm = (s: string) => {
  let n = s.toLowerCase();
  if (n.includes(' ') || n.includes('\t')) n = n.replace(BLANK_RUN, ' ');
  if (n.endsWith(':')) n = n.slice(0, -1);
  return n.trim();
};
/** Only ASCII letters: a label none of unitForLabel's patterns after the unit spelling can match. */
const isLetters = (s: string) => {
  for (let i = 0; i < s.length; i++) if (!isLetterCode(s.charCodeAt(i))) return false;
  return s.length > 0;
};

/** The unit a column (or key-value label) gives its cells; '-' for parameters; null if unknown. */
export function unitForLabel(name: string, tool: string | null, defs: ReadonlyMap<string, string>): string | null {
  const n = norm(name);
  if (!n) return null;
  const tc = toolColumns(tool);
  if (tc[n] !== undefined) return tc[n];
  if (defs.has(n)) return defs.get(n)!;
  if (GENERIC[n] !== undefined) return GENERIC[n];
  // a header cell that is a unit: "MB/s", "K/sec", "%CPU", "(ms)", "[MB/s]"
  const inner = name.replace(/^[([]|[)\]]$/g, '');
  const u = matchUnitAt(inner, 0);
  if (u && u.end >= inner.length - 1) return u.text;
  // one word of letters (most header words): no digits, brackets, '%' or second word for the rest
  if (isLetters(name)) return null;
  // netperf: "10^6bits/sec"
  const pow = /^10\^([369])(bits|bytes)\/s(?:ec)?$/i.exec(inner);
  if (pow) return (pow[1] === '3' ? 'K' : pow[1] === '6' ? 'M' : 'G') + (pow[2].toLowerCase() === 'bits' ? 'bit/s' : 'B/s');
  const paren = /\(([^()]{1,20})\)\s*$/.exec(name);
  if (paren) { const p = matchUnitAt(paren[1], 0); if (p) return p.text; }
  if (n.includes('%')) return '%';
  // "Max Jobs per Minute", "Requests per second": a rate of what the label counts
  if (/\bper (?:min|minute)s?$/.test(n)) return 'jobs/min';
  if (/\bper (?:s|sec|second)s?$/.test(n)) return 'ops/s';
  // last word carries the meaning ("Avg Latency", "Seq Read Time")
  const words = n.split(' ');
  if (words.length > 1) {
    const last = words[words.length - 1];
    if (tc[last] !== undefined) return tc[last];
    if (defs.has(last)) return defs.get(last)!;
    if (GENERIC[last] !== undefined) return GENERIC[last];
    // "cpu MHz", "Throughput MB/s": the label ends in a unit
    const lw = name.trim().split(/\s+/).pop()!;
    const lu = matchUnitAt(lw, 0);
    if (lu && lu.end === lw.length && !lu.weak) return lu.text;
  }
  return null;
}

/**
 * withoutTool's answer for one word of up to 24 letters (most header words, and most of them
 * new): what toolFree and unitForLabel(name, null) give, without norm's replaces, the bracket
 * strip, the unit regexes and the cache writes. undefined for other labels (and "constructor", which the
 * lookups read off Object.prototype).
 */
function freeWordUnit(name: string): string | null | false | undefined {
  if (name.length > 24 || !isLetters(name)) return undefined;
  const n = name.toLowerCase();
  if (n === 'constructor') return undefined;
  if (TOOL_LABELS.has(n)) return false;
  if (GENERIC[n] !== undefined) return GENERIC[n];
  return isUnitWord(name) ? name : null;   // matchUnitAt(name, 0), read for a word of letters
}

/** No tool's columns name this label (nor its last word): its unit is the same under every tool. */
function toolFree(name: string): boolean {
  const n = norm(name);
  if (TOOL_LABELS.has(n)) return false;
  const sp = n.lastIndexOf(' ');
  return sp < 0 || !TOOL_LABELS.has(n.slice(sp + 1));
}

/**
 * Label units by (tool, label), without building a joined key string per lookup.
 * For one message, it also lets a header candidate learn the unit of a label no
 * tool names without finding the tool in force (a walk up to 60 lines back, most
 * of that work for lines that turn out not to be headers). While no table has a
 * definition ("rate = MB/s") every such unit is the definition-free one whatever
 * the tool, so the answer is the same; the entries the lookup would have made are
 * written (tools then looked up) before the first definition, so later lookups
 * see what they would have seen.
 */
export class LabelMemo {
  private byTool = new Map<string, Map<string, string | null>>();
  size = 0;
  // the lookups withoutTool answered or deferTool put off, in order (parallel arrays: no
  // object per label); a value undefined is looked up under the tool when written
  private deferredName: string[] = [];
  private deferredValue: (string | null | undefined)[] = [];
  private deferredLine: number[] = [];
  private deferredToolAt: ((line: number) => string | null)[] = [];
  private defined = false;

  /**
   * The unit of a tool-free label while no definitions exist, remembered later under
   * the tool toolAt(line) finds; else undefined.
   */
  withoutTool(name: string, toolAt: (line: number) => string | null, line: number): string | null | undefined {
    if (this.defined) return undefined;
    let v = FREE_LABELS.get(name);
    if (v === undefined) {
      v = freeWordUnit(name) ?? (toolFree(name) ? labelUnit(name, null, NO_DEFS) : false);
      remember(FREE_LABELS, PURE_LABELS_MAX, name, v);
    }
    if (v === false) return undefined;
    this.deferredName.push(name); this.deferredValue.push(v); this.deferredLine.push(line); this.deferredToolAt.push(toolAt);
    return v;
  }

  /** Whether a tracker has taken a definition: lookups are no longer pure in (tool, name). */
  get hasDefinitions(): boolean { return this.defined; }

  /**
   * Puts off the lookup of `name` under the tool toolAt(line) finds, while no definitions
   * exist: its entry is written, as the lookup would have written it, before the first one.
   */
  deferTool(name: string, toolAt: (line: number) => string | null, line: number): void {
    this.deferredName.push(name); this.deferredValue.push(undefined); this.deferredLine.push(line); this.deferredToolAt.push(toolAt);
  }

  /** Call before a tracker takes its first definition. */
  beforeDefinition(): void {
    if (this.defined) return;
    this.defined = true;
    for (let k = 0; k < this.deferredName.length; k++) {
      const t = this.deferredToolAt[k](this.deferredLine[k]), name = this.deferredName[k];
      if (this.get(t, name) === undefined) this.set(t, name, this.deferredValue[k] ?? labelUnit(name, t, NO_DEFS));
    }
    this.deferredName = []; this.deferredValue = []; this.deferredLine = []; this.deferredToolAt = [];
  }

  get(tool: string | null, name: string): string | null | undefined { return this.byTool.get(tool ?? '')?.get(name); }
  set(tool: string | null, name: string, v: string | null): void {
    let m = this.byTool.get(tool ?? '');
    if (!m) this.byTool.set(tool ?? '', (m = new Map()));
    if (!m.has(name)) this.size++;
    m.set(name, v);
  }
  clear(): void { this.byTool.clear(); this.size = 0; }
}

// With no definitions in force, unitForLabel depends on the name and the tool alone:
// remembered across messages (bounded), as the same labels and words recur.
const PURE_LABELS = new LabelMemo();
const PURE_LABELS_MAX = 50000;
// label -> its unit when it is tool-free, false when it is not: what withoutTool asks of every header word
const FREE_LABELS = new Map<string, string | null | false>();

// A label some tool's columns name: 1 when it has a unit under every tool (and none), 0 when
// under none, -1 when the tool decides, -2 not asked (a phrase); with no definitions in
// force. Pure in the name and the catalogue: remembered across messages (bounded).
const KNOWN_UNDER_ANY = new Map<string, number>();
const TOOL_NAMES: (string | null)[] = [null, ...TOOLS.map((t) => t.name)];
export function knownUnderAnyTool(name: string): number {
  let k = KNOWN_UNDER_ANY.get(name);
  if (k === undefined) {
    // (only for the catalogue's own labels, in any spelling: a phrase merely ending in one is
    // looked up under the tool in force, not under every tool)
    if (!TOOL_LABELS.has(norm(name))) return -2;
    let some = false, all = true;
    for (const t of TOOL_NAMES) { if (labelUnit(name, t, NO_DEFS) !== null) some = true; else all = false; }
    k = all ? 1 : some ? -1 : 0;
    remember(KNOWN_UNDER_ANY, 20000, name, k);
  }
  return k;
}

/** unitForLabel, from the cross-message memory when no definitions are in force. */
export function labelUnit(name: string, tool: string | null, defs: ReadonlyMap<string, string>): string | null {
  if (defs.size > 0) return unitForLabel(name, tool, defs);
  let v = PURE_LABELS.get(tool, name);
  if (v === undefined) {
    v = unitForLabel(name, tool, defs);
    if (PURE_LABELS.size >= PURE_LABELS_MAX) PURE_LABELS.clear();
    PURE_LABELS.set(tool, ownCopy(name), v);
  }
  return v;
}

