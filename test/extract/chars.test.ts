import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeAt } from '../../src/extract/chars';

// codeAt stands for charCodeAt at any index, in range or not (NaN outside the string).
test('codeAt reads as charCodeAt reads, past either end too', () => {
  for (const s of ['', 'a', 'ab\tc', 'µs≈é', '\uD83D\uDE00x']) {
    for (let i = -3; i <= s.length + 3; i++) assert.ok(Object.is(codeAt(s, i), s.charCodeAt(i)), JSON.stringify(s) + ' ' + i);
  }
});
