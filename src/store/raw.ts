import type { DB } from './db';
import { inflate } from '../core/compress';

// The one way to read a stored message's bytes back. A message has its own deflate
// stream (rows written before migrations/0012) or sits in a pack of consecutive
// messages. Inflated packs are kept in a small LRU per handle: pages and exports
// read neighbours, and a thread or a search page often falls in a few packs.

/** The columns `bytes` needs, for a messages table aliased `m`. */
export const RAW_COLS = 'm.raw, m.raw_pack, m.raw_offset, m.raw_size';

export interface StoredRaw { raw: Buffer; raw_pack: number | null; raw_offset: number | null; raw_size: number }

const PACKS_KEPT = 16; // 16 x ~10 KB of mail

export class RawReader {
  private readonly packs = new Map<number, Buffer>();
  private readonly packData;

  constructor(db: DB) {
    this.packData = db.prepare<[number], Buffer>('SELECT data FROM raw_packs WHERE id = ?').pluck();
  }

  /** The exact bytes as imported, the caller's own copy. Throws if they are gone or do not inflate. */
  bytes(r: StoredRaw): Buffer {
    if (r.raw_pack === null) return inflate(r.raw);
    const pack = this.pack(r.raw_pack);
    const start = r.raw_offset ?? 0;
    if (start + r.raw_size > pack.length) throw new Error(`pack ${r.raw_pack} holds ${pack.length} bytes, the message needs ${start + r.raw_size}`);
    return Buffer.from(pack.subarray(start, start + r.raw_size)); // a view would let a caller write into the cache
  }

  private pack(id: number): Buffer {
    let p = this.packs.get(id);
    if (p) { this.packs.delete(id); this.packs.set(id, p); return p; }
    const data = this.packData.get(id);
    if (!data) throw new Error(`pack ${id} is missing`);
    p = inflate(data);
    this.packs.set(id, p);
    if (this.packs.size > PACKS_KEPT) this.packs.delete(this.packs.keys().next().value as number);
    return p;
  }
}

const readers = new WeakMap<DB, RawReader>();

/** The handle's RawReader (statements prepared once per handle). */
export function rawReaderOf(db: DB): RawReader {
  let r = readers.get(db);
  if (!r) { r = new RawReader(db); readers.set(db, r); }
  return r;
}
