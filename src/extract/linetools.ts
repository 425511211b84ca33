// The tool a line's figures belong to: what a line prints (its output shape) or names, and
// what a figure takes from the lines above it (the command time(1) timed, the tool named in
// its paragraph or block). Each line's answers are worked out once, on first use.
import type { LineInfo } from './segment';
import { toolByShape, toolMentioned } from './tools';
import { isBlank } from './chars';

const TIME_COMMAND = /(?:^|[$#>'`(][ \t]*|;[ \t]*)time[ \t]+[a-z.\/]/;
/** Lines a tool mention carries forward in a block. */
export const TOOL_REACH = 60;

/** One message being read: its text, its lines, and what is known of them so far. */
export interface Ctx {
  text: string;
  lines: LineInfo[];
  subjectTool: string | null;
  // per line, computed once on first use (a line is asked from many lines below it)
  // (each made on first use: a message without figures needs none of them)
  lineTools: (string | null | undefined)[] | null;   // tool a line prints or names
  lineShapes: (string | null | undefined)[] | null;  // tool whose output the line is
  lineNamed: (string | null | undefined)[] | null;   // tool the line names
  underline: (boolean | undefined)[] | null;          // a section underline ('====', '----')
  timedTool: (string | null | false | undefined)[] | null;   // tool a time(1) command line names; false: no such line
}

/** The first 2000 characters of a line's content: what the tool rules look at. */
const toolText = (ctx: Ctx, li: number) => {
  const l = ctx.lines[li];
  return ctx.text.slice(l.contentStart, Math.min(l.end, l.contentStart + 2000));
};

export function shapeOfLine(ctx: Ctx, li: number): string | null {
  const memo = ctx.lineShapes ??= new Array(ctx.lines.length);
  let t = memo[li];
  if (t === undefined) memo[li] = t = toolByShape(toolText(ctx, li));
  return t;
}

function namedOnLine(ctx: Ctx, li: number): string | null {
  const memo = ctx.lineNamed ??= new Array(ctx.lines.length);
  let t = memo[li];
  if (t === undefined) memo[li] = t = toolMentioned(toolText(ctx, li));
  return t;
}

export function toolOfLine(ctx: Ctx, li: number): string | null {
  const memo = ctx.lineTools ??= new Array(ctx.lines.length);
  let t = memo[li];
  if (t === undefined) {
    const l = ctx.lines[li];
    t = isBlank(ctx.text, l.contentStart, Math.min(l.end, l.contentStart + 2000)) ? null : shapeOfLine(ctx, li) ?? namedOnLine(ctx, li);
    memo[li] = t;
  }
  return t;
}

/**
 * time(1) output belongs to the command it timed: "time dd ..." a few lines up
 * names no benchmark, "time make -j4 bzImage" names kernbench; with no command in
 * sight, the tool in force.
 */
export function timedCommandTool(ctx: Ctx, li: number, depth: number, inForce: () => string | null): string | null {
  for (let k = li - 1; k >= 0 && k >= li - 6; k--) {
    const l = ctx.lines[k];
    if (l.depth !== depth) continue;
    // consecutive time(1) lines (real, user, sys) look at the same lines: decided once per line
    const memo = ctx.timedTool ??= new Array(ctx.lines.length);
    let t = memo[k];
    if (t === undefined) {
      const c = ctx.text.slice(l.contentStart, Math.min(l.end, l.contentStart + 400));
      memo[k] = t = TIME_COMMAND.test(c) ? toolMentioned(c) : false;
    }
    if (t !== false) return t;
  }
  return inForce();
}

/** The nearest tool named (not printed) within reach above a line. */
export function blockToolNamed(ctx: Ctx, li: number, depth: number): string | null {
  for (let k = li - 1; k >= 0 && k >= li - TOOL_REACH; k--) {
    const l = ctx.lines[k];
    if (l.depth !== depth) continue;
    const t = namedOnLine(ctx, k);
    if (t) return t;
  }
  return null;
}

/** Prose figures take a tool only when it is named in the same paragraph. */
export function proseTool(ctx: Ctx, li: number, depth: number, lineTool: string | null): string | null {
  if (lineTool) return lineTool;
  const { lines, text } = ctx;
  for (let k = li - 1; k >= 0 && k >= li - 8; k--) {
    const l = lines[k];
    if (l.depth !== depth) break;
    if (l.end - l.contentStart < 1 || !text.slice(l.contentStart, l.end).trim()) break;
    const t = toolOfLine(ctx, k);
    if (t) return t;
  }
  return null;
}
