import zlib from 'node:zlib';
import crypto from 'node:crypto';
import DICTIONARY from './data/deflate-dictionary.json';

// Raw messages are stored raw-deflate compressed against a preset dictionary of the
// lines mail repeats most (scripts/make-deflate-dictionary.ts): 11-16% smaller than
// plain deflate on kernel-list mail. Level 6 (measured 2026-11-25, per message, with
// the dictionary): 1 point smaller than level 3 on the bench archive and the corpus
// (42.7% vs 43.7% of the raw bytes), at 0-10% more time; level 9 gains nothing more.
// That point is ~2 MB of 323 on the 50k bench database. A raw-deflate stream made without the dictionary
// never refers to it, so inflating with it reads both kinds.
// The dictionary must never change: every stored message depends on it.
const dictionary = Buffer.from(DICTIONARY.latin1, 'latin1');
export const DICTIONARY_SHA256 = crypto.createHash('sha256').update(dictionary).digest('hex');

export const deflate = (b: Buffer): Buffer => zlib.deflateRawSync(b, { level: 6, dictionary });
export const inflate = (b: Buffer): Buffer => zlib.inflateRawSync(b, { dictionary });
export const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');
