import { sha256, RawPacker, type PackedRaw } from '../core/compress';
import type { SplitItem } from './mbox';

// The byte side of processing a batch: each message's SHA-256 and its place in a
// deflated pack of consecutive messages. It needs nothing the parser finds, so it
// can run on the writer's thread while a worker parses the same batch (pool.ts).
// Every message but an oversized one takes its place in a pack; the writer stores a
// pack with its first new member, so a pack of quarantined or known mail is dropped.

export interface Packing { sha256: string[]; packed: (PackedRaw | null)[] }

export function packBatch(items: Pick<SplitItem, 'raw' | 'oversized'>[]): Packing {
  const packer = new RawPacker();
  const out: Packing = { sha256: [], packed: [] };
  for (const it of items) {
    out.sha256.push(sha256(it.raw));
    out.packed.push(it.oversized ? null : packer.add(it.raw));
  }
  packer.close();
  return out;
}
