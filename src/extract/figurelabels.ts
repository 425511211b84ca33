// The words around a figure: the metric it is labelled with, the setting it was measured
// in, the row label of a table line. Read only for lines that hold figures.
import type { Candidate } from './scan';
import { backBlanks, skipBlanks, isLetterCode, codeAt } from './chars';

// module constants, not literals (a literal is a new RegExp object per call)
const LABEL = /^[ \t]*([A-Za-z][A-Za-z0-9 /_().%-]{1,60}?)[ \t]*(?:[:=][ \t]*|[ \t]{2,}|\t)$/;
const LABEL_SETTING = /[ \t]+(?:using|over|on|with)[ \t]+[\w./-]{1,40}$/i;
const BLANKS = /\s+/g;
const SETTING_COLON = /\b(?:using|over|with|on)[ \t]+([A-Za-z0-9][\w./-]{1,30})(?=:)/i;
const SETTING = /\b(?:using|over)[ \t]+([A-Za-z][\w./-]{1,30})/i;
const SETTING_END = /[:,.]$/;
const ROW_LABEL = /^[ \t]*([A-Za-z0-9][\w.+\-/]*(?:[ \t][A-Za-z][\w.+\-/]*)?)[ \t]/;
const LETTER_OR_DASH = /[A-Za-z-]/;

/** The label a figure is given: "Socket bandwidth using localhost: 141.63" -> "socket bandwidth". */
export function metricOf(content: string, c: Candidate): string | null {
  if (!mayBeLabelled(content, c.start)) return null;
  const before = content.slice(0, c.start);
  const m = LABEL.exec(before);
  if (!m) return null;
  const s = m[1].replace(LABEL_SETTING, '').trim().toLowerCase().replace(BLANKS, ' ');
  return s.length >= 2 ? s : null;
}

/**
 * False when metricOf's pattern cannot match content.slice(0, e): it needs a letter first
 * (after blanks) and, at the end, ':' or '=' before blanks, two blanks, or a tab.
 */
function mayBeLabelled(content: string, e: number): boolean {
  const k = backBlanks(content, 0, e);
  const last = codeAt(content, k - 1);
  if (!(last === 58 || last === 61 || e - k >= 2 || (e > k && content.charCodeAt(e - 1) === 9))) return false;
  return isLetterCode(content.charCodeAt(skipBlanks(content, 0, k)));
}

/** The setting a figure was measured in: "using localhost", "over 192.168.9.3". */
export function conditionOf(content: string): string | null {
  // (the first pattern ends before a ':': a line without one skips it)
  const m = (content.includes(':') ? SETTING_COLON.exec(content) : null) ?? SETTING.exec(content);
  return m ? m[1].replace(SETTING_END, '') : null;
}

/** The first word or two of a table row: what its figures were measured for. */
export function rowLabel(content: string): string | null {
  const m = ROW_LABEL.exec(content);
  return m && LETTER_OR_DASH.test(m[1]) ? m[1] : null;
}
