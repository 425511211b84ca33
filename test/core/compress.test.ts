import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { deflate, inflate, DICTIONARY_SHA256 } from '../../src/core/compress';
import { corpusMessages } from '../helpers/corpus';

// Every stored message depends on the preset dictionary: it must not change.
const FROZEN = '01de1ae7b44799cfb0f76202f2e2353626c8deb3e84f8033fc5054fdabfb2fdf';


test('the compression dictionary is the one archives were written with', () => {
  assert.equal(DICTIONARY_SHA256, FROZEN);
});

test('every corpus message round-trips, and compresses smaller than without the dictionary', async () => {
  let withDict = 0, plain = 0;
  for (const m of await corpusMessages()) {
    const c = deflate(m.raw);
    assert.ok(inflate(c).equals(m.raw));
    withDict += c.length;
    plain += zlib.deflateRawSync(m.raw, { level: 3 }).length;
  }
  assert.ok(withDict < plain * 0.95, `${withDict} vs ${plain} bytes`);
});

test('a stream compressed without the dictionary still inflates', () => {
  const b = Buffer.from('Subject: old format\n\nstill readable\n');
  assert.ok(inflate(zlib.deflateRawSync(b)).equals(b));
});

