import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateParam, resolveParams, parseSize } from '../../src/recipes/params';
import { shQuote, shComment } from '../../src/recipes/shell';
import { toolRecipe } from '../../src/recipes/catalogue';
import { BenchmailError } from '../../src/core/errors';

const dbench = toolRecipe('dbench')!;
const iperf = toolRecipe('iperf')!;

test('hostile values are refused with a sentence naming the parameter and the value', () => {
  for (const [spec, name, v] of [
    [dbench.params.procs, 'procs', '; rm -rf /'],
    [dbench.params.procs, 'procs', '$(reboot)'],
    [dbench.params.procs, 'procs', '`id`'],
    [dbench.params.procs, 'procs', '99999999999'],
    [iperf.params.host, 'host', 'box;rm -rf /'],
    [iperf.params.length, 'length', '64k && halt'],
    [iperf.params.length, 'length', '999999G'],
  ] as const) {
    assert.throws(() => validateParam('dbench', name, spec, v), (e: unknown) => {
      assert.ok(e instanceof BenchmailError && e.code === 'unsafe', `expected unsafe for ${v}`);
      assert.match(e.message, new RegExp(`parameter ${name}: refused`));
      return true;
    });
  }
});

test('plain values pass and sizes are rendered for the tool', () => {
  assert.equal(validateParam('dbench', 'procs', dbench.params.procs, '32'), '32');
  assert.equal(validateParam('iperf', 'length', iperf.params.length, '64k'), '64K');
  assert.equal(validateParam('iperf', 'host', iperf.params.host, 'box2.example.org'), 'box2.example.org');
  assert.equal(parseSize('1G'), 1073741824);
  assert.equal(parseSize('512MB'), 512 * 1048576);
  assert.equal(parseSize('12 potatoes'), null);
});

test('parameters from mail: taken when plain, refused (default used) when hostile, prose ignored', () => {
  const ok = resolveParams('dbench', dbench.params, ['I ran dbench 32 on ext3']);
  assert.equal(ok.values.procs.value, '32');
  assert.equal(ok.values.procs.source, 'mail');
  const bad = resolveParams('dbench', dbench.params, ['try dbench $(rm -rf ~) for fun']);
  assert.equal(bad.values.procs.source, 'default');
  assert.equal(bad.rejected.length, 1);
  assert.match(bad.rejected[0].reason, /shell characters/);
  const huge = resolveParams('dbench', dbench.params, ['dbench 4000000000 hung the box']);
  assert.match(huge.rejected[0].reason, /above the largest allowed, 128/);
  const prose = resolveParams('dbench', dbench.params, ['Dbench show a dramatic decrease']);
  assert.equal(prose.rejected.length, 0);
  assert.equal(prose.values.procs.source, 'default');
});

test('sentence punctuation after a value is dropped, shell characters inside it are not', () => {
  const hd = toolRecipe('hdparm')!;
  assert.equal(resolveParams('hdparm', hd.params, ['I ran hdparm -t /dev/hda; it said']).values.device.value, '/dev/hda');
  assert.equal(resolveParams('dbench', dbench.params, ["ran 'dbench 64' twice"]).values.procs.value, '64');
  const r = resolveParams('hdparm', hd.params, ['hdparm -t /dev/hda;reboot']);
  assert.equal(r.values.device.source, 'default');
  assert.match(r.rejected[0].reason, /refused "\/dev\/hda;reboot"/);
});

test('user overrides are checked the same way and throw', () => {
  assert.throws(() => resolveParams('dbench', dbench.params, [], { procs: '1; reboot' }), /refused/);
  assert.throws(() => resolveParams('dbench', dbench.params, [], { nosuch: '1' }), /has no parameter nosuch/);
});

test('sh quoting keeps any text one word, comments stay on one line', () => {
  assert.equal(shQuote('plain-1.0'), 'plain-1.0');
  assert.equal(shQuote("it's $(x)"), `'it'"'"'s $(x)'`);
  assert.equal(shComment('a\nrm -rf /\r\nb'), 'a rm -rf / b');
});
