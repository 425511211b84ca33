import { parseMessage, ParseError, type ParsedMessage } from './parse';
import { deflate, type PackedRaw } from '../core/compress';
import { packBatch, type Packing } from './packing';
import { extractMessage } from '../extract';
import { toFigureRows, encodeExtraction, type EncodedExtraction } from '../core/figure-rows';
import type { Segment } from '../core/types';
import type { SplitItem } from './mbox';

// Everything per message that needs no database: parse, split text for the index,
// extract figures (parseBatch), hash and compress (packing.ts). Pure, so it runs in
// worker threads; the packing may run on the main thread instead (pool.ts).
// Mail is compressed in packs of consecutive messages of one batch (core/compress);
// mail that goes to quarantine also gets a stream of its own, which is what is kept.

export type Processed =
  | { ok: true; parsed: Omit<ParsedMessage, 'text'>; sha256: string; rawSize: number; packed: PackedRaw;
      nq: string; q: string; bodyChars: number; extraction: EncodedExtraction | null; source: string; offset: number | null }
  | { ok: false; reason: string; sha256: string; rawSize: number; deflated: Buffer; source: string; offset: number | null };


const MAX_INDEXED = 1024 * 1024; // text per message given to full-text search

/** A batch of consecutive messages, packed together (members of a pack share one RawPack). */
export function processBatch(items: SplitItem[], opts: { extract: boolean }): Processed[] {
  return withPacking(parseBatch(items, opts), packBatch(items));
}

/** Processed, less what packBatch gives: parsing and extraction. */
export type Parsed = DistributiveOmit<Processed, 'sha256' | 'packed'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function parseBatch(items: SplitItem[], opts: { extract: boolean }): Parsed[] {
  return items.map((it) => parseRaw(it, opts));
}

/** Joins the two halves of a batch, made on two threads (or one after the other). */
export function withPacking(parsed: Parsed[], packing: Packing): Processed[] {
  // completed in place: this may run on the writer's thread
  return parsed.map((p, i) => {
    const sha256 = packing.sha256[i];
    if (!p.ok) return Object.assign(p, { sha256 });
    const packed = packing.packed[i];
    // only oversized mail has no pack, and it never parses
    if (!packed) throw new Error(`message at offset ${p.offset} of ${p.source} parsed but has no pack`);
    return Object.assign(p, { sha256, packed });
  });
}

function parseRaw(item: SplitItem, opts: { extract: boolean }): Parsed {
  const base = { rawSize: item.raw.length, source: item.source, offset: item.offset };
  const quarantined = (reason: string): Parsed => ({ ok: false, reason, ...base, deflated: deflate(item.raw) });
  if (item.oversized) return quarantined(`message larger than 64 MiB: first 64 MiB kept in quarantine`);
  let parsed: ParsedMessage;
  try {
    parsed = parseMessage(item.raw, item.fromLine);
  } catch (e) {
    return quarantined(e instanceof ParseError ? e.message : `parser failed: ${(e as Error).message}`);
  }
  let extraction: EncodedExtraction | null = null;
  let split: { nq: string; q: string } | null = null;
  if (opts.extract) {
    try {
      const r = extractMessage(parsed.text, { fromName: parsed.fromName || parsed.fromAddr, subject: parsed.subject });
      // Only what the writer stores crosses back to the main thread; the segments are
      // used here, for q:/nq: (they know Name> quotes, Outlook blocks, indented quotes).
      extraction = encodeExtraction({ figures: toFigureRows(r.figures), claims: r.claims });
      if (r.segments) split = splitBySegments(parsed.text, r.segments);
    }
    catch (e) { parsed.notes.push(`figure extraction failed: ${(e as Error).message}`); }
  }
  const { nq, q } = split ?? splitQuoted(parsed.text);
  const { text, ...rest } = parsed;
  return { ok: true, parsed: rest, ...base, nq, q, bodyChars: text.length, extraction };
}

const clip = (s: string) => (s.length > MAX_INDEXED ? s.slice(0, MAX_INDEXED) : s);

/** Own text vs quoted text by the segmenter's quote segments. */
function splitBySegments(text: string, segments: Segment[]): { nq: string; q: string } {
  const nq: string[] = [];
  const q: string[] = [];
  for (const sg of segments) (sg.kind === 'quote' ? q : nq).push(text.slice(sg.start, sg.end));
  return { nq: clip(nq.join('\n')), q: clip(q.join('\n')) };
}

/** Own text vs quoted ('>' lines) for the nq:/q: search prefixes, when extraction is off. */
export function splitQuoted(fullText: string): { nq: string; q: string } {
  const text = clip(fullText);
  if (text.indexOf('>') < 0) return { nq: text, q: '' };
  const nq: string[] = [];
  const q: string[] = [];
  for (const line of text.split('\n')) (line.charCodeAt(0) === 62 /* > */ ? q : nq).push(line);
  return { nq: nq.join('\n'), q: q.join('\n') };
}
