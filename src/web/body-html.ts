import type { Block, LeafBlock, Piece } from '../api/pages/body';
import type { FigureView } from '../api/pages/message';
import { fmtCanonical } from './format';

// A message body as HTML. Everything from the mail goes through esc(); the only
// markup is ours: quote folds, figure highlights, diff line classes, http(s) links.

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

// Bounded: at most 2000 characters after the scheme; only http and https become links.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f]{2,2000}/g;

/** Escapes text and turns http(s) URLs into links (javascript:, data: and the rest stay text). */
export function linkify(s: string): string {
  let out = '', pos = 0;
  for (const m of s.matchAll(URL_RE)) {
    let url = m[0];
    const trail = /[).,;:!?\]}]+$/.exec(url);
    if (trail) url = url.slice(0, url.length - trail[0].length);
    const at = m.index!;
    out += esc(s.slice(pos, at)) + `<a href="${esc(url)}" rel="nofollow noreferrer">${esc(url)}</a>`;
    pos = at + url.length;
  }
  return out + esc(s.slice(pos));
}

function figureHtml(text: string, f: FigureView | undefined): string {
  if (!f) return esc(text);
  const title = `${fmtCanonical(f.canonicalValue, f.canonicalUnit, f.kind)} · ${f.kind}${f.tool ? ' · ' + f.tool : ''}${f.metric ? ' · ' + f.metric : ''}${f.condition ? ' · ' + f.condition : ''}${f.quoted ? ` · quoted${f.quotedFrom ? ' from ' + f.quotedFrom : ''}` : ''}`;
  let html = `<a class="fig${f.quoted ? ' fig-q' : ''}" id="f${f.id}" href="${esc(f.exploreUrl)}" title="${esc(title)}">${esc(text)}</a>`;
  if (f.originUrl) html += `<a class="fig-origin" href="${esc(f.originUrl)}" title="first said in ${esc(f.originMessageId ?? '')}">origin</a>`;
  for (const r of f.runs.slice(0, 1)) {
    if (r.ratio !== null) html += `<span class="fig-run" title="re-measured here${r.startedAt ? ' ' + esc(r.startedAt) : ''}">now ${esc(r.ratio.toFixed(2))}×</span>`;
  }
  return html;
}

function piecesHtml(pieces: Piece[], figures: FigureView[]): string {
  let out = '';
  for (const p of pieces) out += p.figure === undefined ? linkify(p.text) : figureHtml(p.text, figures[p.figure]);
  return out;
}

const DIFF_CLASS = (line: string): string =>
  line.startsWith('+++') || line.startsWith('---') ? 'd-file' : line.startsWith('+') ? 'd-add' : line.startsWith('-') ? 'd-del'
    : line.startsWith('@@') ? 'd-hunk' : /^(diff |Index: )/.test(line) ? 'd-head' : 'd-ctx';

/** A patch, one span per line classed by its diff role; figures inside stay highlighted. */
function patchHtml(pieces: Piece[], figures: FigureView[]): string {
  // Split the pieces at newlines so each line can be wrapped.
  const lines: Piece[][] = [[]];
  for (const p of pieces) {
    const parts = p.text.split('\n');
    parts.forEach((t, i) => {
      if (i > 0) lines.push([]);
      if (t) lines[lines.length - 1].push({ text: t, figure: p.figure });
    });
  }
  const trailing = pieces.length && pieces[pieces.length - 1].text.endsWith('\n');
  if (trailing) lines.pop();
  return lines.map((ps) => `<span class="${DIFF_CLASS(ps.map((p) => p.text).join(''))}">${piecesHtml(ps, figures)}</span>`).join('\n') + (trailing ? '\n' : '');
}

function leafHtml(b: LeafBlock, figures: FigureView[]): string {
  if (b.kind === 'patch') return `<span class="patch">${patchHtml(b.pieces, figures)}</span>`;
  return `<span class="s-${b.kind}">${piecesHtml(b.pieces, figures)}</span>`;
}

/** Blocks -> HTML; quotes become <details> folds labelled with the person quoted. */
export function bodyHtml(blocks: Block[], figures: FigureView[]): string {
  let out = '';
  for (const b of blocks) {
    if (b.kind !== 'quoteblock') { out += leafHtml(b, figures); continue; }
    // Deep quotes fold when long and figure-free: what is being answered stays in view, history does not.
    const open = b.depth <= 1 || b.figures > 0 || b.lines < 4 ? ' open' : '';
    const who = b.quotedFrom ? `${esc(b.quotedFrom)} wrote:` : 'quoted:';
    const figs = b.figures ? `, ${b.figures} figure${b.figures > 1 ? 's' : ''}` : '';
    out += `<details class="q q${Math.min(b.depth, 4)}"${open}><summary>${who} <span class="qn">${b.lines} line${b.lines > 1 ? 's' : ''}${figs}</span></summary>` +
      bodyHtml(b.children, figures) + '</details>';
  }
  return out;
}
