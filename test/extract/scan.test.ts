import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NUMBER, numberEnd } from '../../src/extract/scan';
import { randomStrings } from './random';

// numberEnd must end each number where NUMBER's match from the same digit ends.
function viaRegex(s: string, i: number): number {
  NUMBER.lastIndex = i;
  assert.ok(NUMBER.test(s));
  return NUMBER.lastIndex;
}

test('numbers end where NUMBER ends them', () => {
  const cases = ['1', '12,345', '1,234,567.89', '1234,567', '12,3456', '1,234,', '1.5e3', '1.5e+3', '2E-10', '1e1234', '1e12x', '1e12.',
    '3.', '3.x', '.5', '12,345e6', '1,23', '999,999,999,999', '1e', '1e+', '7e3_'];
  for (const s of cases) for (let i = 0; i < s.length; i++) if (/\d/.test(s[i])) assert.equal(numberEnd(s, i), viaRegex(s, i), JSON.stringify([s, i]));
});

test('numbers: random strings over the number alphabet', () => {
  const alphabet = ['0', '1', '9', '5', ',', '.', 'e', 'E', '+', '-', '_', 'x', ' ', '7', '3'];
  for (const s of randomStrings(alphabet, 20000, 1, 16, 4242)) {
    for (let i = 0; i < s.length; i++) if (/\d/.test(s[i])) assert.equal(numberEnd(s, i), viaRegex(s, i), JSON.stringify([s, i]));
  }
});
