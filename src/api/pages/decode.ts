import { parseMessage } from '../../ingest/parse';
import type { Segment } from '../../core/types';
import { segmentBody } from '../../extract/segment';

// Stored mail is raw bytes; the site shows the decoded text body. Decoding is
// deterministic per raw blob, so a small LRU keyed by its SHA-256 keeps thread
// and message pages from re-parsing what they showed a moment ago.

export interface Decoded { text: string; segments: Segment[] }

/** Fallback when the segmenter fails on a body: runs of lines by '>' depth; "... wrote:" lines as attributions. */
export function quoteLines(text: string): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    const end = pos + line.length + 1;
    const m = /^((?:> ?){0,40})/.exec(line)!;
    const depth = (m[1].match(/>/g) ?? []).length;
    const kind: Segment['kind'] = depth ? 'quote' : /wrote:\s*$/.test(line.slice(0, 300)) ? 'attribution' : 'text';
    const last = out[out.length - 1];
    if (last && last.kind === kind && last.depth === depth) last.end = Math.min(end, text.length);
    else out.push({ kind, start: pos, end: Math.min(end, text.length), depth, quotedFrom: null });
    pos = end;
  }
  return out;
}

const CACHE_MAX = 1000;
const cache = new Map<string, Decoded>();

/** `raw` is called only on a cache miss. */
export function decodeRaw(raw: () => Buffer, sha: string): Decoded {
  const hit = cache.get(sha);
  if (hit) { cache.delete(sha); cache.set(sha, hit); return hit; }
  let text: string;
  try {
    text = parseMessage(raw()).text;
  } catch (e) {
    text = `[benchmail could not decode this message: ${(e as Error).message}; see the raw message]`;
  }
  let segments: Segment[];
  try {
    segments = segmentBody(text);
  } catch {
    segments = quoteLines(text); // a segmenter bug must not hide the mail
  }
  const d = { text, segments };
  cache.set(sha, d);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  return d;
}
