import type { Segment } from '../../core/types';

// A decoded body as blocks a page can show: own text, quotes nested by depth
// (each labelled with the person quoted), patches, signatures. Figures are cut
// out of the text by their stored offsets, so a page can highlight exactly them.

/** A run of text; `figure` is the index of the figure it shows, when it is one. */
export interface Piece { text: string; figure?: number }

export interface LeafBlock {
  kind: Segment['kind'];
  depth: number;
  quotedFrom: string | null;
  pieces: Piece[];
}

export interface QuoteBlock {
  kind: 'quoteblock';
  depth: number;
  quotedFrom: string | null;
  lines: number;
  figures: number;
  children: Block[];
}

export type Block = LeafBlock | QuoteBlock;

export interface Span { start: number; end: number }

/** Segments sorted, gaps filled with plain text, clipped to the text. */
function cover(text: string, segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const s of [...segments].sort((a, b) => a.start - b.start)) {
    const start = Math.max(s.start, pos), end = Math.min(s.end, text.length);
    if (end <= start) continue;
    // The segmenter leaves line ends between segments: the line end joins the segment before it
    // (else every newline would close the quote around it); blank lines after it stay text.
    const prev = out[out.length - 1];
    if (start > pos && prev && text[pos] === '\n') { prev.end = ++pos; }
    if (start > pos) out.push({ kind: 'text', start: pos, end: start, depth: 0, quotedFrom: null });
    out.push({ ...s, start, end });
    pos = end;
  }
  if (pos < text.length) out.push({ kind: 'text', start: pos, end: text.length, depth: 0, quotedFrom: null });
  return out;
}

function pieces(text: string, start: number, end: number, spans: Span[], order: number[]): Piece[] {
  const out: Piece[] = [];
  let pos = start;
  for (const i of order) {
    const f = spans[i];
    if (f.end <= pos || f.start >= end) continue;
    const s = Math.max(f.start, pos), e = Math.min(f.end, end);
    if (s > pos) out.push({ text: text.slice(pos, s) });
    out.push({ text: text.slice(s, e), figure: i });
    pos = e;
  }
  if (pos < end) out.push({ text: text.slice(pos, end) });
  return out;
}

/** Body text + segments + figure spans -> nested blocks. Spans outside the text are ignored. */
export function buildBlocks(text: string, segments: Segment[], spans: Span[]): Block[] {
  const valid = spans.map((s, i) => ({ s, i }))
    .filter(({ s }) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= text.length && s.end > s.start)
    .sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end)
    .map(({ i }) => i);
  const root: QuoteBlock = { kind: 'quoteblock', depth: 0, quotedFrom: null, lines: 0, figures: 0, children: [] };
  const stack: QuoteBlock[] = [root];
  const segs = cover(text, segments);
  const blank = segs.map((g) => !/\S/.test(text.slice(g.start, g.end)));
  const depthOf = (g: Segment) => (g.kind === 'quote' ? Math.max(1, g.depth) : Math.max(0, g.depth));
  segs.forEach((seg, i) => {
    // A blank line between two parts of a quote stays inside it; before own text it closes the quote.
    let depth = depthOf(seg);
    if (blank[i]) {
      let j = i + 1;
      while (j < segs.length && blank[j]) j++;
      depth = Math.min(stack.length - 1, j < segs.length ? depthOf(segs[j]) : 0);
    }
    while (stack.length - 1 > depth) stack.pop();
    while (stack.length - 1 < depth) {
      const q: QuoteBlock = { kind: 'quoteblock', depth: stack.length, quotedFrom: null, lines: 0, figures: 0, children: [] };
      stack[stack.length - 1].children.push(q);
      stack.push(q);
    }
    const top = stack[stack.length - 1];
    if (top.quotedFrom === null && seg.quotedFrom && seg.depth === top.depth && (seg.kind === 'quote' || seg.kind === 'attribution')) top.quotedFrom = seg.quotedFrom;
    const ps = pieces(text, seg.start, seg.end, spans, valid);
    const lines = (text.slice(seg.start, seg.end).match(/\n/g) ?? []).length || 1;
    const figs = ps.filter((p) => p.figure !== undefined).length;
    for (const q of stack.slice(1)) { q.lines += lines; q.figures += figs; }
    top.children.push({ kind: seg.kind, depth: seg.depth, quotedFrom: seg.quotedFrom, pieces: ps });
  });
  return root.children;
}
