import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeLines } from '../../src/extract/segment';
import { digitAndTwiceLines } from '../../src/extract/lines';
import { randomStrings } from './random';

// Per line, what the one-pass scan must find: a digit in the content's first `cap` characters,
// and "twice" (any case) there before the first digit.
function viaLines(text: string, cap: number) {
  const digits: number[] = [], twice: number[] = [];
  analyzeLines(text).forEach((l, k) => {
    if (l.kind !== 'text' && l.kind !== 'quote') return;
    const c = text.slice(l.contentStart, Math.min(l.end, l.contentStart + cap));
    const d = c.search(/\d/), t = c.search(/twice/i);
    if (d >= 0) digits.push(k);
    if (t >= 0 && (d < 0 || t < d)) twice.push(k);
  });
  return { digits, twice };
}

test('digit and "twice" lines: one scan finds what each line holds', () => {
  const words = ['twice', 'TWICE', 'Twice', 'twic', 'wice', ' ', ' ', 'a', '7', '42', '> ', '>> ', '| ', 'Bob> ', '\n', '\n', '\r\n',
    'diff -u a b\n', '@@ -1 +1 @@\n', '+x 1\n', '-- \n', 'sig 3\n', 'x2twice', 'twicetwice', 'tw1ce', '\t'];
  for (const cap of [5, 12, 20000]) {
    for (const body of randomStrings(words, 3000, 0, 40, 31 + cap)) {
      assert.deepEqual(digitAndTwiceLines(body, analyzeLines(body), cap), viaLines(body, cap), JSON.stringify([cap, body]));
    }
  }
});
