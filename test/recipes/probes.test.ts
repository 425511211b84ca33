import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { probeNames, probeSpec } from '../../src/recipes/catalogue';
import { PROBES_DIR } from '../../src/recipes/recipe';
import { parseOutput } from '../../src/recipes/parse';
import { extractMessage } from '../../src/extract/index';

// Each built-in probe runs briefly, says it is an approximation, and its output is read
// back by the extractor into a figure in the probe's canonical unit.

const SANE: Record<string, [number, number]> = { 'B/s': [1e5, 1e13], s: [1e-8, 1] };

for (const name of probeNames()) {
  test(`probe ${name}: approximation stated, output parsed back into a sane figure`, () => {
    const spec = probeSpec(name);
    const args = name === 'memory-copy' ? ['--seconds', '0.2', '--mib', '16'] : ['--seconds', '0.2'];
    const r = spawnSync(process.execPath, [path.join(PROBES_DIR, spec.script), ...args], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    const [first] = r.stdout.split('\n');
    assert.match(first, new RegExp(`approximation of ${spec.approximates.split(' (')[0].replace(/[/]/g, '\\/')}`));
    assert.doesNotMatch(first, /[0-9]/, 'the statement line carries no number the extractor could take');
    const parsed = parseOutput(r.stdout, spec.headline, 'lmbench', null, 'localhost', extractMessage);
    assert.notEqual(parsed.headlineIndex, null, r.stdout);
    const h = parsed.figures[parsed.headlineIndex!];
    assert.equal(h.canonicalUnit, spec.headline.canonicalUnit);
    assert.equal(h.unit, spec.headline.unit);
    const [lo, hi] = SANE[h.canonicalUnit];
    assert.ok(h.canonicalValue > lo && h.canonicalValue < hi, `${name}: ${h.canonicalValue} ${h.canonicalUnit}`);
    assert.equal(parsed.parser, 'extractor', 'the extractor itself found the headline figure');
  });
}

test('probes refuse arguments outside their bounds', () => {
  for (const args of [['--seconds', '1000'], ['--write', '0'], ['--bytes', 'lots'], ['--rm', '-rf']]) {
    const r = spawnSync(process.execPath, [path.join(PROBES_DIR, 'tcp-bandwidth.js'), ...args], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^probe: /);
  }
});
