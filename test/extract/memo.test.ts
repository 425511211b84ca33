import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
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

test('a remembered entry keeps no message alive, by its key or by a string value made from it', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const m = new Map<string, string>();
  gc();
  const before = process.memoryUsage().heapUsed;
  (() => {
    // a 20 MB body; the name is a slice of it, as a regex capture from one of its lines is
    const body = 'x'.repeat(20_000_000) + '\nOn Mon, May 07, 2001, Richard B. Johnson wrote:';
    const at = body.indexOf('Richard');
    const name = body.slice(at, at + 18);
    remember(m, 10, name, name.trim());
  })();
  gc();
  const kept = process.memoryUsage().heapUsed - before;
  assert.deepEqual([...m], [['Richard B. Johnson', 'Richard B. Johnson']]);
  assert.ok(kept < 5e6, `${(kept / 1e6).toFixed(1)} MB still held after the body went`);
});
