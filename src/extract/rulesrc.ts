// Reading the rules of data/ as regex sources: which hold only at the start of a line, and
// which refer to their own groups (then they cannot be merged into one alternation).

/** Whether a regex source has a '|' outside any group or class (then a leading '^' anchors only its first branch). */
function hasTopLevelBar(src: string): boolean {
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') { for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++; }
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** A rule that can match only at the start of the string: a leading '^' over all of it. */
export const isAnchored = (src: string): boolean => src.startsWith('^') && !hasTopLevelBar(src);

/** A rule with a back-reference (\1, \k<name>): its group numbers change in an alternation. */
export const hasBackReference = (src: string): boolean => /\\[1-9]|\\k</.test(src);
