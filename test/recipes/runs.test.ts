import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/core/config';
import type { DB } from '../../src/store/db';
import { runFigure, runsJson, seedSampleRuns, planRun, rerunsForFigures, claimReruns, SEED_MESSAGE_ID } from '../../src/api/runs';
import { runsForFigures } from '../../src/store/runs';
import { onPath } from '../../src/recipes/recipe';
import { corpusDb, figureDb, tempDir } from './fixture';

// Real runs: the built-in loopback TCP probe and a real Debian tool (iperf3 with its
// server on an ephemeral 127.0.0.1 port), parsed back into figures and stored.

let dir: string;
let corpus: DB;
let corpusFile: string;
let small: DB;
let smallFile: string;
const MEASUREMENT_FIELDS = ['id', 'messageId', 'threadId', 'list', 'date', 'author', 'quoted', 'quotedFrom', 'originMessageId', 'value', 'unit',
  'canonicalValue', 'canonicalUnit', 'kind', 'metric', 'condition', 'tool', 'approx', 'text', 'start', 'end'];

before(async () => {
  dir = tempDir();
  ({ db: corpus, file: corpusFile } = await corpusDb(dir));
  smallFile = path.join(dir, 'small.db');
  small = figureDb(smallFile, [
    { text: 'iperf3 -c 127.0.0.1 over loopback: 9400 Mbits/sec', tool: 'iperf', value: 9400, unit: 'Mbits/sec', canonicalValue: 9.4e9, canonicalUnit: 'bit/s', condition: 'loopback' },
    { text: 'Timing buffered disk reads:  64 MB in  0.47 seconds =136.17 MB/sec', tool: 'hdparm', value: 136.17, canonicalValue: 142786000 },
    { text: 'ttcp -t -s box2: 11000 KB/sec', tool: 'ttcp', value: 11000, unit: 'KB/sec', canonicalValue: 11264000 },
    { text: 'Throughput 45.2 MB/sec 4 procs', tool: 'dbench', value: 45.2, canonicalValue: 45.2e6 },
  ], 'I ran iperf3 -c 127.0.0.1 -t 1 here, and dbench; rm -rf / 4 too.');
});
after(() => { corpus.close(); small.close(); fs.rmSync(dir, { recursive: true, force: true }); });

const seedFigure = (): number => corpus.prepare("SELECT f.id FROM figures f JOIN messages m ON m.id = f.msg WHERE m.message_id = ? AND f.text LIKE '%localhost: 141.63%'").pluck().get(SEED_MESSAGE_ID) as number;

test('the loopback TCP probe re-runs the seed figure: a figure in B/s, a ratio then/now, runs JSON in measurement fields', async () => {
  const id = seedFigure();
  assert.ok(id, 'the seed figure was extracted');
  const run = await runFigure(corpus, id, { probe: true, timeoutSeconds: 20 });
  assert.equal(run.exitStatus, 0, run.output);
  assert.ok(run.headline, 'the output was parsed into a figure');
  assert.equal(run.headline!.canonicalUnit, 'B/s');
  assert.equal(run.headline!.unit, 'MB/sec');
  assert.ok(run.headline!.canonicalValue > 1e6 && run.headline!.canonicalValue < 1e12, `sane loopback bandwidth: ${run.headline!.canonicalValue}`);
  assert.match(run.output, /approximation of lmbench bw_tcp/);
  assert.equal(run.approximation, 'lmbench bw_tcp');
  assert.ok(run.thenNow && Math.abs(run.thenNow.ratio - run.headline!.canonicalValue / 141.63e6) < 1e-9);
  assert.deepEqual(run.command.slice(1, 2).map((a) => path.basename(a)), ['tcp-bandwidth.js']);
  const env = run.environment as Record<string, unknown>;
  for (const k of ['uname', 'cpu', 'cores', 'memoryBytes', 'toolVersion']) assert.ok(env[k] !== undefined, `environment.${k}`);
  const listed = runsJson(corpus).find((r) => r.id === run.id)!;
  for (const f of listed.figures) assert.deepEqual(Object.keys(f).sort(), [...MEASUREMENT_FIELDS].sort());
  const byFigure = runsForFigures(corpus, [id])[0];
  assert.equal(byFigure.latest?.id, run.id);
});

test('the seed claim: loopback against the wire, then-ratio from the mail, the wire figure not re-run and why', async () => {
  const id = seedFigure();
  if (!runsForFigures(corpus, [id])[0].runs.length) await runFigure(corpus, id, { probe: true, timeoutSeconds: 20 });
  const claim = claimReruns(corpus, SEED_MESSAGE_ID).find((c) => c.figures.some((f) => f.figureId === id));
  assert.ok(claim, 'a claim of the seed message compares the localhost figure');
  const wire = claim!.figures.find((f) => f.figure.value === 74.79);
  assert.ok(wire, 'and the wire figure');
  assert.ok(Math.abs(claim!.thenRatio! - 141.63 / 74.79) < 1e-6);
  assert.equal(claim!.nowRatio, null, 'only one side could be re-run');
  assert.match(claim!.notRerun.join('\n'), /74\.79.*between two machines/);
  assert.ok(claim!.figures.find((f) => f.figureId === id)!.latest?.thenNow);
});

test('the wire figure of the same claim is not re-run, and says why', () => {
  const wire = corpus.prepare("SELECT f.id FROM figures f JOIN messages m ON m.id = f.msg WHERE m.message_id = ? AND f.value = 74.79").pluck().get(SEED_MESSAGE_ID) as number;
  assert.throws(() => planRun(corpus, wire), /between two machines.*127\.0\.0\.1/);
  const [fr] = rerunsForFigures(corpus, [wire]);
  assert.match(fr.notRerun ?? '', /cannot be re-run here/);
  const cli = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'benchmail.js'), 'runs', '--figure', String(wire), '--db', corpusFile], { encoding: 'utf8' });
  assert.match(cli.stdout, new RegExp(`figure ${wire} has no runs: the mail measured this between two machines`));
});

test('iperf3 (Debian) runs against its own server on an ephemeral 127.0.0.1 port and is parsed back', { skip: !onPath('iperf3') && 'iperf3 is not installed (.ci/run installs it)' }, async () => {
  const id = small.prepare("SELECT id FROM figures WHERE tool = 'iperf'").pluck().get() as number;
  const planned = planRun(small, id, {});
  assert.equal(planned.recipe.tool, 'iperf3');
  assert.equal(planned.plan.tool, 'iperf3');
  assert.deepEqual(planned.plan.server?.slice(0, 3), ['iperf3', '-s', '-1']);
  const run = await runFigure(small, id, { timeoutSeconds: 30, overrides: { seconds: '1' } });
  assert.equal(run.exitStatus, 0, run.output + JSON.stringify(run.environment));
  assert.equal(run.command[0], 'iperf3');
  const port = run.command[run.command.indexOf('-p') + 1];
  assert.ok(Number(port) > 1024 && Number(port) !== 5201, `ephemeral port, got ${port}`);
  assert.equal(run.headline?.canonicalUnit, 'bit/s');
  assert.equal(run.headline?.unit, 'Mbits/sec');
  assert.match(run.headline!.text, /receiver/);
  assert.ok(run.headline!.canonicalValue > 1e6, `sane loopback rate ${run.headline!.canonicalValue}`);
  assert.match(String((run.environment as { toolVersion?: string }).toolVersion), /iperf 3/);
  assert.ok(run.thenNow, 'comparable with the figure (loopback both)');
});

test('runs refuse what is not local: block devices, remote hosts', () => {
  const hd = small.prepare("SELECT id FROM figures WHERE tool = 'hdparm'").pluck().get() as number;
  assert.throws(() => planRun(small, hd), /block device/);
  const tt = small.prepare("SELECT id FROM figures WHERE tool = 'ttcp'").pluck().get() as number;
  assert.throws(() => planRun(small, tt), /between two machines/);
});

test('a hostile parameter in the mail is refused, the default used, and the reason kept', () => {
  const id = small.prepare("SELECT id FROM figures WHERE tool = 'dbench'").pluck().get() as number;
  const cli = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'benchmail.js'), 'recipe', String(id), '--format', 'sh', '--db', smallFile], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  // The figure line says "4 procs" (taken); the body's "dbench; rm -rf /" is never reached.
  assert.match(cli.stdout, /parameter procs = 4 \(from the mail: 4\)/);
  assert.doesNotMatch(cli.stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n'), /rm -rf \//);
  const set = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'benchmail.js'), 'recipe', String(id), '--set', 'procs=$(reboot)', '--db', smallFile], { encoding: 'utf8' });
  assert.equal(set.status, 1);
  assert.match(set.stderr, /dbench parameter procs: refused "\$\(reboot\)": contains shell characters/);
});

test('benchmail run asks first: without --yes and without a terminal it does not run', () => {
  const id = small.prepare("SELECT id FROM figures WHERE tool = 'iperf'").pluck().get() as number;
  const before = (small.prepare('SELECT count(*) FROM runs').pluck().get() as number);
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'benchmail.js'), 'run', String(id), '--db', smallFile], { encoding: 'utf8', input: 'y\n' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /will run/);
  assert.match(r.stderr, /pass --yes/);
  assert.equal(small.prepare('SELECT count(*) FROM runs').pluck().get(), before);
});

test('benchmail run --yes --probe --json runs, stores and prints the run', () => {
  const id = small.prepare("SELECT id FROM figures WHERE tool = 'iperf'").pluck().get() as number;
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'benchmail.js'), 'run', String(id), '--yes', '--probe', '--json', '--timeout', '20', '--db', smallFile], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const run = JSON.parse(r.stdout) as { id: number; approximation: string; headline: { canonicalUnit: string }; thenNow: { unit: string } };
  assert.equal(run.approximation, 'lmbench bw_tcp');
  assert.equal(run.headline.canonicalUnit, 'B/s');
  assert.equal(run.thenNow.unit, 'bit/s', 'the probe in MB/sec is compared in the figure\'s bit/s');
  assert.equal(small.prepare('SELECT count(*) FROM runs WHERE id = ?').pluck().get(run.id), 1);
  const md = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'benchmail.js'), 'recipe', String(id), '--db', smallFile], { encoding: 'utf8' });
  assert.match(md.stdout, new RegExp(`## Runs on this machine\\n(?:.*\\n)*- run ${run.id}, .* MB/sec \\(exit 0\\), now/then [0-9.]+ \\(higher is better\\), built-in probe`));
});

test('the time limit holds: a run longer than --timeout is killed and stored as timed out', { skip: !onPath('dbench') && 'dbench is not installed' }, async () => {
  const id = small.prepare("SELECT id FROM figures WHERE tool = 'dbench'").pluck().get() as number;
  const run = await runFigure(small, id, { timeoutSeconds: 1, overrides: { seconds: '60', procs: '1' } });
  assert.equal((run.environment.run as { timedOut: boolean }).timedOut, true);
  assert.equal(run.exitStatus, null);
});

test('seedSampleRuns stores one run for the seed figure, once', async () => {
  const d2 = tempDir();
  try {
    const { db } = await corpusDb(d2);
    const first = await seedSampleRuns(db);
    assert.deepEqual(first, { runs: 1, skipped: null });
    const again = await seedSampleRuns(db);
    assert.equal(again.runs, 0);
    const out = execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'benchmail.js'), 'runs', '--json', '--db', path.join(d2, 'corpus.db')], { encoding: 'utf8' });
    const runs = JSON.parse(out) as { figureId: number; headline: { canonicalUnit: string } }[];
    assert.equal(runs.length, 1);
    assert.equal(runs[0].headline.canonicalUnit, 'B/s');
    db.close();
  } finally { fs.rmSync(d2, { recursive: true, force: true }); }
});
