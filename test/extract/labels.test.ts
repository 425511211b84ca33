import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractMessage } from '../../src/extract/index';

// Header candidates learn tool-free label units without looking up the tool in force
// (labels.ts, LabelMemo.withoutTool). The message's label memory must end up as if
// the tool had been looked up: a definition ("speed = MB/s") after a header candidate
// naming the label finds the label already remembered, as before that change.
const meta = { fromName: 'Tester', subject: 'dbench results' };
const figs = (text: string) => extractMessage(text, meta).figures.map((f) => [f.value, f.unit, f.metric, f.tool]);

test('a definition applies to a label not read before it', () => {
  assert.deepEqual(figs('12 13 14\nspeed = MB/s\n\nspeed   time\n10   20'), [[10, 'MB/s', 'speed', 'dbench']]);
});

test('a label read by a header candidate before a definition keeps that reading', () => {
  assert.deepEqual(figs('speed   time   zz\n12 13 14\nspeed = MB/s\n\nspeed   time\n10   20'), []);
  assert.deepEqual(extractMessage('speed   time   zz\n12 13 14\nspeed = MB/s\n\nspeed   time\n10   20', { ...meta, subject: 'results' }).figures, []);
});
