import type { ExtractedClaim, ExtractedFigure } from './types';

// Figures cross from a worker thread to the writer as one flat array of column values
// per message, in the order the writer binds them. Read back on the writer's thread
// (the busiest one of an import), thousands of small objects cost about three times
// as much as the same values flat: 7.6 vs 2.1-3.4 µs per message on the bench archive.

/** Values per figure in FigureRows. */
export const FIGURE_WIDTH = 14;

/** value, unit, canonicalValue, canonicalUnit, kind, metric, condition, tool, approx (0/1), quoted (0/1), quotedFrom, text, start, end; per figure. */
export type FigureRows = (string | number | null)[];

/** One message's extraction as the writer stores it. */
export interface ExtractionRows { figures: FigureRows; claims: ExtractedClaim[] }

export function toFigureRows(figures: ExtractedFigure[]): FigureRows {
  const rows: FigureRows = new Array(figures.length * FIGURE_WIDTH);
  let i = 0;
  for (const f of figures) {
    rows[i++] = f.value; rows[i++] = f.unit ?? ''; rows[i++] = f.canonicalValue; rows[i++] = f.canonicalUnit;
    rows[i++] = f.kind; rows[i++] = f.metric ?? null; rows[i++] = f.condition ?? null; rows[i++] = f.tool ?? null;
    rows[i++] = f.approx ? 1 : 0; rows[i++] = f.quoted ? 1 : 0; rows[i++] = f.quotedFrom ?? null;
    rows[i++] = f.text ?? ''; rows[i++] = f.start; rows[i++] = f.end;
  }
  return rows;
}

// An extraction crosses from the worker to the writer as one JSON string. The writer's
// thread holds each batch through several scavenges before writing it, and the
// scavenger copies one string in one piece where the same rows as values meant ~60
// small heap objects per message (strings, boxed doubles), copied one by one. On the
// 50k bench archive the writer thread's garbage collection took 644 ms with the rows
// as values and 420 ms as strings. Extracted values are finite (scan, units), so
// JSON carries every number exactly.

/** An extraction as it travels between threads (encodeExtraction). */
export type EncodedExtraction = string & { readonly encodedExtraction: unique symbol };

/** A message without figures or claims (4 in 10 on the bench archive): nothing to decode or store. */
export const NO_EXTRACTION = '' as EncodedExtraction;

export const encodeExtraction = (x: ExtractionRows): EncodedExtraction =>
  (x.figures.length || x.claims.length ? JSON.stringify(x) as EncodedExtraction : NO_EXTRACTION);
export const decodeExtraction = (s: EncodedExtraction): ExtractionRows => (s ? JSON.parse(s) as ExtractionRows : { figures: [], claims: [] });
