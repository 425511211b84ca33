import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { runsJson, rerunsForFigures } from '../../api/runs';
import { printJson, intOption } from '../output';
import { BenchmailError } from '../../core/errors';

// benchmail runs [--json]: stored runs, newest first, each with its parsed figures.
export function register(program: Command): void {
  program.command('runs')
    .description('list recipe runs stored in the database, with their figures and then/now ratio')
    .option('--json', 'machine-readable output (figures in the measurements fields)')
    .option('--limit <n>', 'at most this many', intOption, 100)
    .option('--figure <id>', "only this figure's runs (and, when it has none, why)", intOption)
    .option('--db <path>', 'database file')
    .action((o: { json?: boolean; limit: number; figure?: number; db?: string }) => {
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      try {
        const one = o.figure !== undefined ? rerunsForFigures(db, [o.figure])[0] : null;
        if (o.figure !== undefined && !one) throw new BenchmailError('not_found', `no figure ${o.figure} in this database`);
        const runs = one ? one.runs.slice(0, o.limit) : runsJson(db, { limit: o.limit });
        if (one && !runs.length && !o.json) {
          process.stdout.write(`figure ${o.figure} has no runs${one.notRerun ? `: ${one.notRerun}` : ': `benchmail run ' + o.figure + '`'}\n`);
          return;
        }
        if (o.json) return printJson(runs);
        if (!runs.length) { process.stdout.write('no runs yet: `benchmail run FIGURE_ID`\n'); return; }
        for (const r of runs) {
          const h = r.headline;
          const ratio = r.thenNow ? `now/then ${r.thenNow.ratio.toFixed(2)}` : r.note ? 'not compared' : '';
          process.stdout.write(`${String(r.id).padStart(4)}  ${r.startedAt.slice(0, 19)}  figure ${r.figureId ?? '-'}  ${r.tool.padEnd(9)} exit ${r.exitStatus ?? '-'}  ${h ? `${h.value} ${h.unit}` : 'no figure'}  ${ratio}${r.approximation ? '  (probe)' : ''}\n`);
        }
      } finally { db.close(); }
    });
}
