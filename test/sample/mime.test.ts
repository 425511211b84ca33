// The generator's hand-written encoders, checked against independent decoders
// (libmime for RFC 2047, a small RFC 2045 decoder here, V8's Date parser) on
// random input, so the sample is valid mail whatever text the templates hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import libmime from 'libmime';
import { encodedWord, encodeText, formatDate, mboxrdEscape, quotedPrintable, type DateStyle } from '../../scripts/sample/mime';

/** RFC 2045 quoted-printable, decoded the plain way: soft breaks out, =XX to bytes. */
function decodeQP(text: string): Buffer {
  const joined = text.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

const latin1Text = fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 60 })
  .map((x) => x.trim()).filter((x) => x.length > 0); // display names have no edge blanks (decoders trim them)
const anyLine = fc.string({ unit: fc.oneof(fc.constantFrom(' ', '\t', '=', '>', 'F', 'r', 'o', 'm', 'é', 'Ж', '漢'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 200 });

test('quoted-printable: decodes back to the same bytes, lines stay within 76 columns, no trailing blanks', () => {
  fc.assert(fc.property(fc.array(anyLine, { maxLength: 8 }), fc.constantFrom('utf-8', 'iso-8859-1') as fc.Arbitrary<'utf-8' | 'iso-8859-1'>, (lines, cs) => {
    const text = lines.join('\n').replace(/\r/g, '');
    const source = cs === 'iso-8859-1' ? text.replace(/[^\x00-\xff]/g, '?') : text;
    const bytes = encodeText(source, cs);
    const qp = quotedPrintable(bytes);
    assert.ok(decodeQP(qp).equals(bytes));
    for (const line of qp.split('\n')) {
      assert.ok(line.length <= 76, `line of ${line.length}`);
      assert.ok(!/[ \t]$/.test(line), 'trailing blank');
      assert.ok(/^[\x20-\x7e\t]*$/.test(line), 'only printable ASCII');
    }
  }), { numRuns: 300 });
});

test('RFC 2047 words decode back with libmime, in Q and B, UTF-8 and Latin-1', () => {
  // display names hold no control characters and no edge blanks (decoders trim them), so neither do these
  fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20 }).map((x) => x.trim()).filter((x) => x.length > 0 && !/[\u0000-\u001f\u007f-\u009f]/.test(x)), fc.constantFrom('Q', 'B') as fc.Arbitrary<'Q' | 'B'>, (s, enc) => {
    assert.equal(libmime.decodeWords(encodedWord(s, 'utf-8', enc)), s);
  }), { numRuns: 200 });
  fc.assert(fc.property(latin1Text, fc.constantFrom('Q', 'B') as fc.Arbitrary<'Q' | 'B'>, (s, enc) => {
    const word = encodedWord(s, 'iso-8859-1', enc);
    assert.match(word, /^=\?ISO-8859-1\?[QB]\?[\x21-\x7e]*\?=$/);
    assert.equal(libmime.decodeWords(word), s);
  }), { numRuns: 200 });
});

test('mboxrd escaping leaves no line starting with "From " and undoes exactly', () => {
  const lineArb = fc.oneof(fc.constantFrom('From x', '>From y', '>>From z', 'From', ' From a', ''), fc.string({ maxLength: 12 }));
  fc.assert(fc.property(fc.array(lineArb, { maxLength: 12 }), (lines) => {
    const raw = Buffer.from(lines.join('\n'), 'latin1');
    const escaped = mboxrdEscape(raw).toString('latin1');
    assert.ok(!/^From /m.test(escaped));
    assert.equal(escaped.replace(/^>(>*From )/gm, '$1'), raw.toString('latin1'));
  }), { numRuns: 300 });
});

test('every Date header shape parses back to the instant it was written for', () => {
  const styles: DateStyle[] = ['pine', 'mutt', 'padded', 'noweekday', 'zonename', 'gmt', 'year2', 'noseconds'];
  const zones = [{ minutes: -240, name: 'EDT' }, { minutes: -480, name: 'PST' }, { minutes: 0, name: 'GMT' }, { minutes: 120, name: 'CEST' },
    { minutes: 330, name: 'IST' }, { minutes: 540, name: 'JST' }, { minutes: -360, name: 'CST' }];
  const from2001 = Date.UTC(2001, 0, 1) / 1000, to2019 = Date.UTC(2019, 11, 31) / 1000;
  fc.assert(fc.property(fc.integer({ min: from2001, max: to2019 }), fc.constantFrom(...zones), fc.constantFrom(...styles), (epoch, zone, style) => {
    const text = formatDate(epoch, zone, style);
    const parsed = Date.parse(text.replace(/ \([A-Z]+\)$/, '')) / 1000;
    const expected = style === 'noseconds' ? epoch - (epoch % 60) : epoch;
    assert.equal(parsed, expected, `${style}: ${text}`);
  }), { numRuns: 400 });
});
