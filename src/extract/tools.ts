// Tool catalogue lookups: which tool a line names or prints, and its unit convention.
import toolsData from './data/tools.json';
import type { Convention } from './units';
import { isAnchored, hasBackReference } from './rulesrc';
import { backBlanks } from './chars';

interface ToolEntry {
  name: string;
  mention: RegExp[];
  lines: RegExp[];
  units: Convention;
  columns: Record<string, string>;
  unitAliases: Map<string, string> | null;   // null: none (most tools)
}

const aliasesOf = (t: { unitAliases?: Record<string, string> }) => (t.unitAliases ? new Map(Object.entries(t.unitAliases)) : null);

export const TOOLS: ToolEntry[] = toolsData.tools.map((t) => ({
  name: t.name,
  mention: t.mention.map((s) => new RegExp(s, 'i')),
  lines: t.lines.map((s) => new RegExp(s)),
  units: t.units as Convention,
  columns: (t as { columns?: Record<string, string> }).columns ?? {},
  unitAliases: aliasesOf(t as { unitAliases?: Record<string, string> }),
}));
const BY_NAME = new Map(TOOLS.map((t) => [t.name, t]));

const group = (list: string[]) => list.map((s) => '(?:' + s + ')').join('|');
const groupsIn = (src: string) => new RegExp('(?:' + src + ')|').exec('')!.length - 1;

/**
 * All tools' rules of one kind as one alternation, in catalogue order, each tool's
 * rules inside one capture group: one regex run finds the leftmost match and, among
 * the rules matching there, the first in catalogue order. A lead every rule shares
 * (\b) is written once in front: the same language, but V8 then tries the
 * alternatives only where the lead holds (2x faster on prose).
 */
class Catalogue {
  readonly re: RegExp;
  private readonly toolAt: number[] = [];   // tool index of each capture group (-1: a rule's own group)
  private readonly toolGroup: number[] = []; // capture group of each tool (0: no rules)
  readonly exact: boolean;                   // false: a rule refers to its own groups; use the loops
  readonly empty: boolean;                   // no rules: nothing matches

  constructor(rules: string[][], lead: string, flags: string) {
    const all = rules.flat();
    const led = all.length > 0 && all.every((s) => s.startsWith(lead));
    const parts: string[] = [];
    let g = 1;
    rules.forEach((list, k) => {
      if (!list.length) { this.toolGroup.push(0); return; }
      const src = group(led ? list.map((s) => s.slice(lead.length)) : list);
      this.toolGroup.push(g);
      this.toolAt[g] = k;
      g += 1 + groupsIn(src);
      parts.push('(' + src + ')');
    });
    this.re = new RegExp((led ? lead : '') + '(?:' + parts.join('|') + ')', flags + 'g');
    this.exact = !all.some(hasBackReference);
    this.empty = all.length === 0;
  }

  /** Leftmost match at or after `from`: its position and the (first) tool matching there, or null. */
  find(text: string, from: number): { at: number; tool: number } | null {
    this.re.lastIndex = from;
    const m = this.re.exec(text);
    if (!m) return null;
    for (let k = 0; k < this.toolGroup.length; k++) {
      const gi = this.toolGroup[k];
      if (gi && m[gi] !== undefined) return { at: m.index, tool: k };
    }
    return { at: m.index, tool: -1 };
  }
}
const MENTIONS = new Catalogue(toolsData.tools.map((t) => t.mention), '\\b', 'i');
// Shapes: the rules anchored at the line start are tried there alone; the others along the line,
// and only those of the tools before the one found at the start (the first tool in catalogue
// order wins): a table row of some tool's output then costs a short search, not a second full one.
const SHAPES_AT_START = new Catalogue(toolsData.tools.map((t) => t.lines.filter(isAnchored)), '^', '');
// [b]: the unanchored rules of the tools before b (a tool with none shares the catalogue before it)
const SHAPES_ANYWHERE_BEFORE: Catalogue[] = [];
for (let b = 0, cat = new Catalogue([], '', ''); b <= TOOLS.length; b++) {
  if (b > 0 && !toolsData.tools[b - 1].lines.every(isAnchored)) {
    cat = new Catalogue(toolsData.tools.map((t, k) => (k < b ? t.lines.filter((r) => !isAnchored(r)) : [])), '', '');
  }
  SHAPES_ANYWHERE_BEFORE.push(cat);
}
const SHAPES_EXACT = SHAPES_AT_START.exact && SHAPES_ANYWHERE_BEFORE[TOOLS.length].exact;

/** The tool whose output shape this line has (the first in the catalogue), or null. */
export function toolByShape(line: string): string | null {
  if (line.length > 2000) return null;
  if (!SHAPES_EXACT) return firstShape(line);
  const start = SHAPES_AT_START.find(line, 0);
  if (start !== null && start.tool < 0) return firstShape(line);
  let best = start === null ? TOOLS.length : start.tool;
  const anywhere = SHAPES_ANYWHERE_BEFORE[best];
  // each match position names the first tool matching there; an earlier tool may match further on
  for (let hit = anywhere.empty ? null : anywhere.find(line, 0); hit !== null && best > 0; hit = anywhere.find(line, hit.at + 1)) {
    if (hit.tool < 0) return firstShape(line);
    if (hit.tool < best) best = hit.tool;
  }
  return best < TOOLS.length ? TOOLS[best].name : null;
}

/** toolByShape by the plain loop: the first tool in catalogue order one of whose rules matches. */
function firstShape(line: string): string | null {
  for (const t of TOOLS) for (const r of t.lines) if (r.test(line)) return t.name;
  return null;
}

/** The first tool named in a piece of text (earliest position wins), or null. */
export function toolMentioned(text: string): string | null {
  if (text.length > 4000) text = text.slice(0, 4000);
  const hit = MENTIONS.find(text, 0);
  if (!hit) return null;
  // the leftmost match of the alternation is the earliest rule match; ties go to catalogue order, as in the loop
  if (MENTIONS.exact && hit.tool >= 0) return TOOLS[hit.tool].name;
  let best: string | null = null;
  let bestAt = Infinity;
  for (const t of TOOLS) {
    for (const r of t.mention) {
      const m = r.exec(text);
      if (m && m.index < bestAt) { bestAt = m.index; best = t.name; }
    }
  }
  return best;
}

export function conventionOf(tool: string | null): Convention {
  return (tool && BY_NAME.get(tool)?.units) || {};
}

export function toolColumns(tool: string | null): Record<string, string> {
  return (tool && BY_NAME.get(tool)?.columns) || {};
}

/**
 * What a unit as written means in this tool's context ("Mb" from hdparm users is MB): its
 * spelling before any '/' ("Mb/s" is looked up as "Mb"), looked up only for a tool with aliases.
 */
export function unitAlias(tool: string | null, unitText: string): string | null {
  const aliases = tool ? BY_NAME.get(tool)?.unitAliases : null;
  return (aliases && aliases.get(beforeSlash(unitText))) || null;
}

/** s.split(/[ \t]*\//)[0]: the text before the first '/' and the blanks in front of it. */
function beforeSlash(s: string): string {
  const q = s.indexOf('/');
  if (q < 0) return s;
  return s.slice(0, backBlanks(s, 0, q));
}

/** Tools whose output has the shape of `tool` (tbench for dbench). */
export function sharesOutput(named: string | null, shape: string): boolean {
  return !!named && SAME_OUTPUT_AS.get(named) === shape;
}
// tool name -> the tool whose lines it prints (the first entry of a name, as a search would find);
// a map, not a search of the catalogue's entries: they differ in their fields, so in their shapes
const SAME_OUTPUT_AS = new Map<string, string | undefined>();
for (const t of toolsData.tools as { name: string; sameOutputAs?: string }[]) if (!SAME_OUTPUT_AS.has(t.name)) SAME_OUTPUT_AS.set(t.name, t.sameOutputAs);

const SHARED_SHAPES = new Set((toolsData.tools as { sameOutputAs?: string }[]).map((t) => t.sameOutputAs).filter(Boolean));
/** Whether another tool prints this tool's lines. */
export function hasLookalikes(tool: string): boolean { return SHARED_SHAPES.has(tool); }
