// Tool catalogue lookups: which tool a line names or prints, and its unit convention.
import toolsData from './data/tools.json';
import type { Convention } from './units';

interface ToolEntry {
  name: string;
  mention: RegExp[];
  lines: RegExp[];
  units: Convention;
  columns: Record<string, string>;
  unitAliases: Record<string, string>;
}

export const TOOLS: ToolEntry[] = toolsData.tools.map((t) => ({
  name: t.name,
  mention: t.mention.map((s) => new RegExp(s, 'i')),
  lines: t.lines.map((s) => new RegExp(s)),
  units: t.units as Convention,
  columns: (t as { columns?: Record<string, string> }).columns ?? {},
  unitAliases: (t as { unitAliases?: Record<string, string> }).unitAliases ?? {},
}));
const BY_NAME = new Map(TOOLS.map((t) => [t.name, t]));

const group = (list: string[]) => list.map((s) => '(?:' + s + ')').join('|');
/**
 * One alternation for a quick "does this line name any tool" test. A lead every
 * rule shares (\b, ^) is written once in front: the same language, but V8 then
 * tries the alternatives only where the lead holds, not at every character (2x).
 */
function anyOf(list: string[], lead: string, flags: string): RegExp {
  const led = list.filter((s) => s.startsWith(lead));
  if (led.length === list.length) return new RegExp(lead + '(?:' + group(led.map((s) => s.slice(lead.length))) + ')', flags);
  const rest = list.filter((s) => !s.startsWith(lead));
  return new RegExp((led.length ? lead + '(?:' + group(led.map((s) => s.slice(lead.length))) + ')|' : '') + group(rest), flags);
}
const ANY_MENTION = anyOf(toolsData.tools.flatMap((t) => t.mention), '\\b', 'i');
// anchored shapes fail at the first character; the few unanchored ones are tested apart
const ANY_SHAPE = anyOf(toolsData.tools.flatMap((t) => t.lines), '^', '');

/** The tool whose output shape this line has, or null. */
export function toolByShape(line: string): string | null {
  if (line.length > 2000 || !ANY_SHAPE.test(line)) return null;
  for (const t of TOOLS) for (const r of t.lines) if (r.test(line)) return t.name;
  return null;
}

/** The first tool named in a piece of text (earliest position wins), or null. */
export function toolMentioned(text: string): string | null {
  if (text.length > 4000) text = text.slice(0, 4000);
  if (!ANY_MENTION.test(text)) return null;
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

/** What a unit spelling means in this tool's context ("Mb" from hdparm users is MB). */
export function unitAlias(tool: string | null, spelling: string): string | null {
  return (tool && BY_NAME.get(tool)?.unitAliases[spelling]) || null;
}

/** Tools whose output has the shape of `tool` (tbench for dbench). */
export function sharesOutput(named: string | null, shape: string): boolean {
  if (!named) return false;
  const t = (toolsData.tools as { name: string; sameOutputAs?: string }[]).find((x) => x.name === named);
  return t?.sameOutputAs === shape;
}

const SHARED_SHAPES = new Set((toolsData.tools as { sameOutputAs?: string }[]).map((t) => t.sameOutputAs).filter(Boolean));
/** Whether another tool prints this tool's lines. */
export function hasLookalikes(tool: string): boolean { return SHARED_SHAPES.has(tool); }
