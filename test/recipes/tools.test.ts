import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '../../src/store/db';
import { runFigure, planRun } from '../../src/api/runs';
import { figureDb, tempDir } from './fixture';

// Each recipe whose tool (or alternative) is installed here runs for real and is parsed
// back into a figure in the unit of the figure it re-measures. Tools that are not
// installed are skipped by name; .ci/run installs iperf3, Debian has the rest.

interface Case { tool: string; text: string; unit: string; set?: Record<string, string> }
const CASES: Case[] = [
  { tool: 'iperf', text: 'iperf -c localhost: 900 Mbits/sec', unit: 'bit/s', set: { seconds: '1' } },
  { tool: 'netpipe', text: 'NetPIPE over loopback: 900 Mbps', unit: 'bit/s' },
  { tool: 'tbench', text: 'tbench 2 on localhost: Throughput 100 MB/sec', unit: 'B/s', set: { seconds: '2', procs: '2' } },
  { tool: 'dbench', text: 'dbench 2: Throughput 45 MB/sec', unit: 'B/s', set: { seconds: '2', procs: '2' } },
  // 2 GB: a quiet machine writes 512 MB through the page cache in under half a second,
  // which bonnie++ prints as +++++ (too fast to time): no figure to read.
  { tool: 'bonnie++', text: 'bonnie++ block output 30000 K/sec', unit: 'B/s', set: { size: '2G' } },
  { tool: 'fio', text: 'fio sequential read 100 MB/s', unit: 'B/s' },
  { tool: 'sysbench', text: 'sysbench memory 1000 MiB/sec transferred', unit: 'B/s', set: { seconds: '1' } },
  { tool: 'hackbench', text: 'hackbench 10: Time: 1.5', unit: 's' },
  { tool: 'perf', text: 'perf bench sched pipe: 5 usecs/op', unit: 's', set: { loops: '20000' } },
  { tool: 'postmark', text: 'postmark: 500 transactions per second', unit: 'Hz', set: { transactions: '2000' } },
  { tool: 'stream', text: 'STREAM Copy: 1000 MB/s', unit: 'B/s' },
  { tool: 'mbw', text: 'mbw 64: Copy: 1000 MiB/s', unit: 'B/s', set: { mib: '32' } },
  { tool: 'sockperf', text: 'sockperf ping-pong on localhost: latency 9.7 usec', unit: 's', set: { seconds: '1' } },
  { tool: 'sockperf', text: 'sockperf throughput on localhost: 120 MBps', unit: 'B/s', set: { seconds: '1' } },
  { tool: 'qperf', text: 'qperf localhost tcp_lat latency 12.5 us', unit: 's', set: { seconds: '1' } },
  { tool: 'qperf', text: 'qperf localhost tcp_bw bw 1.2 GB/sec', unit: 'B/s', set: { seconds: '1' } },
];

// Made at load time: which cases to skip depends on what planRun finds installed.
const dir = tempDir();
const db: DB = figureDb(path.join(dir, 'tools.db'), CASES.map((c) => ({ tool: c.tool, text: c.text, canonicalUnit: c.unit, condition: 'localhost' })));
after(() => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); });

CASES.forEach((c, i) => {
  const id = i + 1;
  let skip: string | false = false;
  try {
    if (planRun(db, id).plan.kind === 'probe') skip = `${c.tool} is not installed (the built-in probe is tested elsewhere)`;
  } catch (e) { skip = (e as Error).message; }
  test(`${c.tool} (${c.text.slice(0, 40)}): the installed tool runs here and its output becomes a figure in ${c.unit}`, { skip }, async () => {
    const run = await runFigure(db, id, { timeoutSeconds: 60, overrides: c.set });
    assert.equal(run.exitStatus, 0, `${run.output.slice(-1500)}\n${JSON.stringify((run.environment as { run: unknown }).run)}`);
    assert.ok(run.headline, `no headline figure in:\n${run.output.slice(-1500)}`);
    assert.ok(run.headline!.canonicalValue > 0);
    assert.ok(run.thenNow, `then/now comparable: ${run.headline!.canonicalUnit} against ${c.unit}`);
    assert.equal(run.thenNow!.unit, c.unit);
  });
});
