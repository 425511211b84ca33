import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuantity } from '../../src/extract/units';
import { randomStrings } from './random';

// parseQuantity is what `v:>100MB/s` and `--min 100MB/s` use: the gold prefix rules
// without a tool (rates decimal, memory sizes binary).
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

test('rates are decimal, sizes binary, times and clocks in SI base units', () => {
  const cases: [string, number, string][] = [
    ['100MB/s', 100e6, 'B/s'], ['141.63 MB/sec', 141.63e6, 'B/s'], ['10ms', 0.01, 's'], ['1.5GHz', 1.5e9, 'Hz'],
    ['512MB', 512 * 2 ** 20, 'B'], ['64k', 65536, 'B'], ['2048KiB', 2048 * 1024, 'B'], ['100Mbit/s', 100e6, 'bit/s'],
    ['1Gbps', 1e9, 'bit/s'], ['20%', 20, '%'], ['2x', 2, 'x'], ['850000 interrupts/s', 850000, 'Hz'],
    ['600 jobs/min', 10, 'Hz'], ['5 usecs', 5e-6, 's'], ['3 minutes', 180, 's'], ['1,000 megabytes per second', 1e9, 'B/s'],
    ['42', 42, '1'],
  ];
  for (const [s, v, u] of cases) {
    const q = parseQuantity(s);
    assert.ok(q, `parses ${s}`);
    assert.equal(q!.canonicalUnit, u, s);
    assert.ok(near(q!.canonicalValue, v), `${s}: ${q!.canonicalValue} != ${v}`);
  }
});

test('what is not a quantity is null', () => {
  for (const s of ['', 'fast', 'MB/s', '100 furlongs', '2.4.4', 'x'.repeat(100)]) assert.equal(parseQuantity(s), null, s);
});

// isUnitWord stands for matchUnitAt on a word of letters (labels.ts reads header words with it).
import { isUnitWord, matchUnitAt } from '../../src/extract/units';
import unitsData from '../../src/extract/data/units.json';

test('isUnitWord: matchUnitAt(w, 0) spans a word of letters exactly when it says so', () => {
  // what labels.ts used: the unit text when the match spans the word (but for its last character)
  const viaMatch = (w: string) => { const u = matchUnitAt(w, 0); return u !== null && u.end >= w.length - 1 ? u.text : null; };
  const words = [...Object.keys(unitsData.caseSensitive), ...Object.keys(unitsData.words), ...unitsData.rateNouns, 'per', 'persec',
    'micro', 'milli', 'nano', 'Mbps', 'MBps', 'KBps', 'kbps', 'Gbps', 'bps', 'xps', 'ps', 'MBPS', 'bitsps', 'bytesps', 'secs', 'Sec',
    'MHz', 'mhz', 'seconds', 'msec', 'interrupts', 'packets', 'time', 'real', 'user', 'kernel', 'schborex', 'a', 'b', 'x', 'X', 's', 'm', 'M']
    .filter((w) => /^[A-Za-z]{1,24}$/.test(w));
  words.push(...randomStrings('abcdeghiklmnoprstuxyzBGKMPST', 5000, 1, 7, 7));
  for (const w of words) {
    for (const v of [w, w.toLowerCase(), w.toUpperCase()]) assert.equal(isUnitWord(v) ? v : null, viaMatch(v), v);
  }
});
