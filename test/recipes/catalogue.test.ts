import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { recipeTools, extraRecipeTools, toolRecipe, probeSpec, variantRef } from '../../src/recipes/catalogue';
import { buildRecipe } from '../../src/recipes/recipe';
import { parseOutput } from '../../src/recipes/parse';
import { recipeSh } from '../../src/recipes/render';
import type { Figure } from '../../src/core/types';
import { tempDir } from './fixture';

// Every variant of every tool in recipes.json: its templates fill, its headline pattern
// compiles, its probe exists, and its script passes shellcheck — not only the tools the
// corpus happens to mention.

const dir = tempDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function figure(tool: string, text: string, canonicalUnit = 'B/s'): Figure {
  return { id: 1, messageId: 'm@x', threadId: 'm@x', list: 'lkml', date: '2001-05-07T00:00:00.000Z', author: 'A. Hacker', quoted: false,
    quotedFrom: null, originMessageId: null, value: 1, unit: 'MB/sec', canonicalValue: 1e6, canonicalUnit, kind: 'throughput',
    metric: null, condition: 'localhost', tool, approx: false, text, start: 0, end: 1 };
}

const ALL = [...recipeTools(), ...extraRecipeTools()];

test('every variant of every recipe builds, with a headline that compiles and a known probe', () => {
  for (const tool of ALL) {
    const r = toolRecipe(tool)!;
    assert.ok(r.install.debian || r.install.source, `${tool}: install note`);
    assert.ok(r.variants.length >= 1, `${tool}: variants`);
    for (const v of r.variants) {
      assert.doesNotThrow(() => new RegExp(v.headline.re, 'm'), `${tool}:${v.id} headline`);
      assert.ok(v.headline.factor > 0 && v.headline.canonicalUnit, `${tool}:${v.id} headline unit`);
      for (const ref of v.alternatives ?? []) assert.ok(variantRef(ref), `${tool}:${v.id} alternative ${ref} is a tool:variant of recipes.json`);
      if (v.probe) assert.ok(fs.existsSync(path.join(__dirname, '..', '..', 'src', 'recipes', 'probes', probeSpec(v.probe).script)), `${tool}:${v.id} probe`);
      for (const a of [...v.command, ...(v.server ?? [])]) {
        for (const ph of a.match(/\{[^}]{1,40}\}/g) ?? []) {
          const name = ph.slice(1, -1).replace(/\/2$/, '');
          assert.ok(['port', 'workdir', 'uid'].includes(name) || name.startsWith('probe:') || name in r.params, `${tool}:${v.id} unknown placeholder ${ph}`);
        }
      }
    }
  }
});

test('the recipe of every variant passes shellcheck and leaves no placeholder unfilled', () => {
  const files: string[] = [];
  for (const tool of ALL) {
    for (const v of toolRecipe(tool)!.variants) {
      const words = v.match?.any ? v.match.any.split('|')[0].replace(/[\\?().*[\]]/g, '') : '';
      const unit = v.match?.canonicalUnit?.[0] ?? v.headline.canonicalUnit;
      const r = buildRecipe(figure(tool, `${tool} ${words} localhost: 1 MB/sec`, unit), { subject: `${tool} results`, text: `ran ${tool}` });
      const sh = recipeSh(r);
      assert.doesNotMatch(sh.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n'), /\{(?!probe|uid)[a-z]{1,20}(?:\/2)?\}/, `${tool}:${v.id}`);
      const f = path.join(dir, `${tool.replace(/\W/g, '_')}-${v.id}.sh`);
      fs.writeFileSync(f, sh);
      files.push(f);
    }
  }
  let out = '';
  try { execFileSync('shellcheck', ['-s', 'sh', ...files], { encoding: 'utf8' }); } catch (e) { out = String((e as { stdout?: string }).stdout ?? e); }
  assert.equal(out, '', out.slice(0, 3000));
});

test('a figure whose tool has no recipe, or names no tool, says so', () => {
  assert.throws(() => buildRecipe(figure('frobbench', 'frobbench 3 MB/sec'), { subject: '', text: '' }), /frobbench, which has no recipe/);
  assert.throws(() => buildRecipe({ ...figure('x', 'a'), tool: null }, { subject: '', text: '' }), /names no tool/);
});

test('hostile mail text: stays in one-line comments, never in a command, and the script is still shellcheck-clean', () => {
  const evil = "dbench $(reboot) `halt`\n rm -rf / ; 'quote\r\necho pwned #";
  const r = buildRecipe({ ...figure('dbench', evil), condition: evil, author: evil }, { subject: evil, text: `dbench ; rm -rf /\n${evil}` });
  assert.ok(r.rejected.some((x) => /procs: refused/.test(x.reason)), JSON.stringify(r.rejected));
  const sh = recipeSh(r);
  const code = sh.split('\n').filter((l) => !l.trimStart().startsWith('#'));
  assert.doesNotMatch(code.join('\n'), /reboot|halt|rm -rf \/|pwned/);
  const f = path.join(dir, 'evil.sh');
  fs.writeFileSync(f, sh);
  let out = '';
  try { execFileSync('shellcheck', ['-s', 'sh', f], { encoding: 'utf8' }); } catch (e) { out = String((e as { stdout?: string }).stdout ?? e); }
  assert.equal(out, '', out);
});

test('a 1 MB hostile line does not hang the parameter, environment or output patterns', { timeout: 60_000 }, () => {
  const line = 'dbench -t '.repeat(50_000) + '2.4.'.repeat(50_000) + 'Socket bandwidth using '.repeat(20_000) + 'x'.repeat(100_000);
  const r = buildRecipe(figure('dbench', line.slice(0, 2000)), { subject: line, text: line });
  assert.equal(r.tool, 'dbench');
  for (const tool of recipeTools()) {
    for (const v of toolRecipe(tool)!.variants) new RegExp(v.headline.re, 'm').exec(line);
  }
});

test('tools that scale their own unit are read in the unit they print (qperf MB/sec or GB/sec, fio kB/s..GB/s)', () => {
  const q = toolRecipe('qperf')!.variants.find((v) => v.id === 'tcp_bw')!.headline;
  const at = (out: string, h = q) => { const r = parseOutput(out, h, 'x', null); return r.figures[r.headlineIndex!]; };
  assert.equal(at('tcp_bw:\n    bw  =  980 MB/sec\n').canonicalValue, 980e6);
  assert.equal(at('tcp_bw:\n    bw  =  1.27 GB/sec\n').canonicalValue, 1.27e9);
  const lat = toolRecipe('qperf')!.variants.find((v) => v.id === 'tcp_lat')!.headline;
  assert.ok(Math.abs(at('tcp_lat:\n    latency  =  1.2 ms\n', lat).canonicalValue - 1.2e-3) < 1e-12);
  const fio = toolRecipe('fio')!.variants[0].headline;
  assert.equal(at('   READ: bw=9.77GiB/s (10.5GB/s), 9.77GiB/s-9.77GiB/s\n', fio).unit, 'GB/s');
});
