import { parseMessage, ParseError, type ParsedMessage } from './parse';
import { deflate, sha256, RawPacker, type PackedRaw } from '../core/compress';
import { extractMessage } from '../extract';
import { toFigureRows, encodeExtraction, type EncodedExtraction } from '../core/figure-rows';
import type { Segment } from '../core/types';
import type { SplitItem } from './mbox';

// Everything per message that needs no database: parse, hash, compress, split
// text for the index, extract figures. Pure, so it runs in worker threads.
// Mail that parses is compressed in packs of consecutive messages of one batch
// (core/compress); mail that goes to quarantine gets a stream of its own.

export type Processed =
  | { ok: true; parsed: Omit<ParsedMessage, 'text'>; sha256: string; rawSize: number; packed: PackedRaw;
      nq: string; q: string; bodyChars: number; extraction: EncodedExtraction | null; source: string; offset: number | null }
  | { ok: false; reason: string; sha256: string; rawSize: number; deflated: Buffer; source: string; offset: number | null };


const MAX_INDEXED = 1024 * 1024; // text per message given to full-text search

/** A batch of consecutive messages, packed together (members of a pack share one RawPack). */
export function processBatch(items: SplitItem[], opts: { extract: boolean }): Processed[] {
  const packer = new RawPacker();
  const out = items.map((it) => processRaw(it, opts, packer));
  packer.close();
  return out;
}

function processRaw(item: SplitItem, opts: { extract: boolean }, packer: RawPacker): Processed {
  const base = { sha256: sha256(item.raw), rawSize: item.raw.length, source: item.source, offset: item.offset };
  const quarantined = (reason: string): Processed => ({ ok: false, reason, ...base, deflated: deflate(item.raw) });
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
  return { ok: true, parsed: rest, ...base, packed: packer.add(item.raw), nq, q, bodyChars: text.length, extraction };
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
