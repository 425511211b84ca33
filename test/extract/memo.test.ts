import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownCopy, remember } from '../../src/extract/memo';

test('ownCopy gives an equal string', () => {
  const body = 'x'.repeat(1000) + 'Throughput MB/sec  Latency' + 'y'.repeat(1000);
  for (const s of ['', 'a', 'Throughput MB/sec', body.slice(1000, 1026), body]) assert.equal(ownCopy(s), s);
});

test('remember keeps at most max entries, clearing the map whole when full', () => {
  const m = new Map<string, number>();
  for (let i = 0; i < 5; i++) remember(m, 3, 'k' + i, i);
  assert.deepEqual([...m], [['k3', 3], ['k4', 4]]);
});
