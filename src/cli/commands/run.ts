import readline from 'node:readline/promises';
import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { BenchmailError, usageError } from '../../core/errors';
import { openDb } from '../../store/db';
import { planRun, executeRun, stopRuns } from '../../api/runs';
import { printJson } from '../output';

/** Commander collector for repeated --set name=value. */
export function collectSet(v: string, acc: Record<string, string>): Record<string, string> {
  const eq = v.indexOf('=');
  if (eq < 1) throw new Error(`--set wants name=value, got "${v}"`);
  return { ...acc, [v.slice(0, eq)]: v.slice(eq + 1) };
}

async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try { return /^y(es)?$/i.test((await rl.question(question)).trim()); } finally { rl.close(); }
}

// benchmail run FIGURE_ID [--yes] [--timeout S]: re-measure a figure here, store the run.
export function register(program: Command): void {
  program.command('run')
    .description("run a figure's recipe on this machine (127.0.0.1 and local files only) and store the result")
    .argument('<figure-id>', 'figure id')
    .option('--yes', 'run without asking')
    .option('--timeout <seconds>', 'hard time limit for the command', '60')
    .option('--loopback', "run a network figure's recipe over loopback even though the mail measured a real network")
    .option('--probe', 'use the built-in probe even when the tool is installed')
    .option('--set <name=value>', 'override a parameter', collectSet, {})
    .option('--json', 'print the stored run as JSON')
    .option('--db <path>', 'database file')
    .action(async (id: string, o: { yes?: boolean; timeout: string; loopback?: boolean; probe?: boolean; set: Record<string, string>; json?: boolean; db?: string }) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n < 1) throw usageError(`a figure id is a whole number, not "${id}"`);
      const timeoutSeconds = Number(o.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 3600) throw usageError('--timeout takes seconds, from 1 to 3600');
      const opts = { timeoutSeconds, loopback: !!o.loopback, probe: !!o.probe, overrides: o.set };
      const db = openDb(resolveDbPath(o.db));
      try {
        const planned = planRun(db, n, opts);
        const r = planned.recipe;
        process.stderr.write(`figure ${n}: ${r.reproduces.value} ${r.reproduces.unit} — ${r.reproduces.text}\nwill run ${planned.display}\n`);
        for (const x of r.rejected) process.stderr.write(`note: ${x.reason}; using the default\n`);
        if (r.unitNote) process.stderr.write(`note: ${r.unitNote}\n`);
        if (!o.yes) {
          if (!process.stdin.isTTY) throw new BenchmailError('usage', 'not run: pass --yes to run without being asked (standard input is not a terminal)');
          if (!(await confirm('Run it? [y/N] '))) { process.stderr.write('not run\n'); return; }
        }
        // ^C reaches only our own process group; the tool runs in its own, so stop it here.
        for (const sig of ['SIGINT', 'SIGTERM'] as const) {
          process.once(sig, () => { stopRuns(); process.stderr.write(`\nstopped: the run was killed (${sig}); nothing stored\n`); process.exit(130); });
        }
        // A run can take a while: show the clock on a terminal (stderr), nothing otherwise.
        const t0 = Date.now();
        const tick = process.stderr.isTTY
          ? setInterval(() => process.stderr.write(`\rrunning ${planned.plan.tool}: ${Math.round((Date.now() - t0) / 1000)} s of at most ${timeoutSeconds} s`), 1000)
          : null;
        const run = await executeRun(db, planned, opts).finally(() => { if (tick) { clearInterval(tick); process.stderr.write('\r\x1b[K'); } });
        if (o.json) return printJson(run);
        const h = run.headline;
        process.stdout.write(`run ${run.id}: exit ${run.exitStatus}${run.environment.run && (run.environment.run as { timedOut?: boolean }).timedOut ? ' (timed out)' : ''}\n`);
        process.stdout.write(h ? `now:  ${h.value} ${h.unit}  (${h.text})\n` : 'now:  no figure found in the output\n');
        process.stdout.write(`then: ${r.reproduces.value} ${r.reproduces.unit}  (${r.reproduces.date?.slice(0, 10) ?? 'undated'}, ${r.reproduces.author})\n`);
        if (run.thenNow) process.stdout.write(`now/then: ${run.thenNow.ratio.toFixed(2)} (${run.thenNow.better} is better)\n`);
        else if (run.note) process.stdout.write(`not compared: ${run.note}\n`);
        if (run.approximation) process.stdout.write(`measured with a built-in probe: an approximation of ${run.approximation}\n`);
      } finally { db.close(); }
    });
}
