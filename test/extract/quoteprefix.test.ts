import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUOTE_PREFIX, quotePrefixAt } from '../../src/extract/quoteprefix';
import { randomStrings } from './random';

// The reader must give what QUOTE_PREFIX gives: length, levels ('>' and '|' in the prefix)
// and the name of a named first level.
function viaRegex(s: string) {
  const m = QUOTE_PREFIX.exec(s);
  if (!m) return null;
  const nm = /^[ \t]{0,3}([A-Za-z][\w.-]{0,14})>/.exec(m[0]);
  let depth = 0;
  for (const ch of m[0]) if (ch === '>' || ch === '|') depth++;
  return { length: m[0].length, depth, name: nm ? nm[1] : null };
}

test('quote prefixes read as QUOTE_PREFIX reads them', () => {
  const cases = ['> a', '>> b', '> > > c', '   > d', '    > e', 'Robert> f', 'Robert>> g', 'R> > h', '| i', '> | j', '> | k | l',
    '|x', 'abcdefghijklmno> m', 'abcdefghijklmnop> n', 'a.b-c_d> o', 'ab>c', 'ab>', '>', '', ' ', '\t>\t>', '> \tp', '1> q',
    'x>>y', 'x> |z', '|\t', '| |', '>|', 'name>\r', '> ' + 'a'.repeat(500), '>'.repeat(50) + ' deep', 'Björn> r'];
  for (const s of cases) assert.deepEqual(quotePrefixAt(s, 0, s.length), viaRegex(s), JSON.stringify(s));
});

test('quote prefixes: random lines over the prefix alphabet', () => {
  const alphabet = ['>', '|', ' ', '\t', 'a', 'Z', '9', '_', '.', '-', '>', ' ', 'x', 'é', '\r'];
  for (const s of randomStrings(alphabet, 20000, 0, 23, 12345)) {
    assert.deepEqual(quotePrefixAt(s, 0, s.length), viaRegex(s), JSON.stringify(s));
    // read in place inside a longer text, as analyzeLines does
    const t = 'xx\n' + s + '\nyy';
    assert.deepEqual(quotePrefixAt(t, 3, 3 + s.length), viaRegex(s), JSON.stringify(s));
  }
});
