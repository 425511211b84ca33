import zlib from 'node:zlib';
import crypto from 'node:crypto';
import DICTIONARY from './data/deflate-dictionary.json';

// Raw messages are stored raw-deflate compressed against a preset dictionary of the
// lines mail repeats most (scripts/make-deflate-dictionary.ts): 11-16% smaller than
// plain deflate on kernel-list mail. Level 3 compresses mail as well as level 6 to
// within 1% at ~60% of the time. A raw-deflate stream made without the dictionary
// never refers to it, so inflating with it reads both kinds.
// The dictionary must never change: every stored message depends on it.
const dictionary = Buffer.from(DICTIONARY.latin1, 'latin1');
export const DICTIONARY_SHA256 = crypto.createHash('sha256').update(dictionary).digest('hex');

export const deflate = (b: Buffer): Buffer => zlib.deflateRawSync(b, { level: 3, dictionary });
export const inflate = (b: Buffer): Buffer => zlib.inflateRawSync(b, { dictionary });
export const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');
