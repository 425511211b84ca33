// Shared record shapes. Field names of Figure match the `measurements --json` output.

/** A part of a decoded body, as the segmenter sees it. */
export interface Segment {
  kind: 'text' | 'quote' | 'patch' | 'signature' | 'footer' | 'attribution';
  start: number;          // offsets into the decoded body
  end: number;
  depth: number;          // quote depth, 0 for own text
  quotedFrom: string | null; // author named by the attribution for this depth
}

/** A figure as the extractor produces it (before it is stored). */
export interface ExtractedFigure {
  value: number;
  unit: string;
  canonicalValue: number;
  canonicalUnit: string;  // B, B/s, bit/s, s, Hz, %, x, 1
  kind: string;           // throughput | latency | time | size | rate | frequency | ratio | percent | count
  metric: string | null;
  condition: string | null;
  tool: string | null;
  approx: boolean;
  quoted: boolean;
  quotedFrom: string | null;
  text: string;           // the line or sentence it stands in
  start: number;          // offsets of the number..unit into the decoded body
  end: number;
}

/** A claim as the extractor produces it; figures are indices into the figure list. */
export interface ExtractedClaim {
  kind: 'speedup' | 'slowdown' | 'comparison' | 'regression' | 'improvement';
  direction: string | null;
  factor: number | null;
  figureIndexes: number[];
  quoted: boolean;
  quotedFrom: string | null;
  text: string;
  start: number;
  end: number;
}

/** A stored figure, as `benchmail measurements --json` prints it. */
export interface Figure {
  id: number;
  messageId: string;
  threadId: string;
  list: string;
  date: string | null;    // ISO 8601 UTC
  author: string;
  quoted: boolean;
  quotedFrom: string | null;
  originMessageId: string | null;
  value: number;
  unit: string;
  canonicalValue: number;
  canonicalUnit: string;
  kind: string;
  metric: string | null;
  condition: string | null;
  tool: string | null;
  approx: boolean;
  text: string;
  start: number;
  end: number;
}

/** A message split from a source, before parsing. */
export interface RawMessage {
  raw: Buffer;            // exact bytes of the message (mbox escaping removed)
  source: string;         // file path, "stdin", "git:<commit>"
  offset: number | null;  // byte offset in the source, when it has one
  fromLine?: string;      // the mbox From_ line, for a date fallback
}
