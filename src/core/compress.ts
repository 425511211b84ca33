import zlib from 'node:zlib';
import crypto from 'node:crypto';
import DICTIONARY from './data/deflate-dictionary.json';

// Raw mail is stored raw-deflate compressed against a preset dictionary of the lines
// mail repeats most (scripts/make-deflate-dictionary.ts): 11-16% smaller than plain
// deflate on kernel-list mail. Messages are stored in packs (RawPacker below); one
// stream per message is kept for quarantine and for rows written before packs, at
// level 6 (1 point smaller than level 3 at 0-10% more time; level 9 gains nothing).
// A raw-deflate stream made without the dictionary never refers to it, so inflating
// with it reads both kinds.
// The dictionary must never change: every stored message depends on it.
const dictionary = Buffer.from(DICTIONARY.latin1, 'latin1');
export const DICTIONARY_SHA256 = crypto.createHash('sha256').update(dictionary).digest('hex');

export const deflate = (b: Buffer): Buffer => zlib.deflateRawSync(b, { level: 6, dictionary });
export const inflate = (b: Buffer): Buffer => zlib.inflateRawSync(b, { dictionary });
export const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');

/** Where one message sits in a pack: the pack (shared by its members) and its offset in the inflated pack. */
export interface PackedRaw { pack: RawPack; offset: number }
/** A pack of consecutive raw messages, deflated; `row` is its raw_packs id once a writer stored it. */
export interface RawPack { data: Buffer; row: number | null }

// Packs close at ~8 KB of mail (migrations/0012), deflated at level 2 against the last
// 4 KB of the dictionary. Measured on the 50k bench archive (per message deflate; per
// read, one pack inflate; table = raw_packs on 16 KB pages, as a share of the mbox):
//   8 KB packs, 4 KB of dictionary:   48 us, 35 us, 46.2%
//  16 KB packs, whole dictionary:     52 us, 60 us, 46.2%
//  64 KB packs, whole dictionary:     42 us, 170 us, 36.5%
// Reads matter: a search page decodes 50 scattered messages for its snippets. Packs
// under a page share it, which is why the smaller blobs cost no more room.
// A stream made with a suffix of the dictionary inflates with the whole of it: its
// back-references reach no further than the suffix, whose bytes are the same.
const PACK_BYTES = 8 * 1024;
const PACK_LEVEL = 2;
const packDictionary = dictionary.subarray(dictionary.length - 4096);

/** Collects consecutive messages into packs; every message added gets its place. */
export class RawPacker {
  private parts: Buffer[] = [];
  private size = 0;
  private open: RawPack | null = null;

  add(raw: Buffer): PackedRaw {
    this.open ??= { data: Buffer.alloc(0), row: null };
    const at = { pack: this.open, offset: this.size };
    this.parts.push(raw);
    this.size += raw.length;
    if (this.size >= PACK_BYTES) this.close();
    return at;
  }

  /** Compresses the open pack; call once after the last add. */
  close(): void {
    if (!this.open) return;
    this.open.data = zlib.deflateRawSync(Buffer.concat(this.parts, this.size), { level: PACK_LEVEL, dictionary: packDictionary });
    this.open = null;
    this.parts = [];
    this.size = 0;
  }
}
