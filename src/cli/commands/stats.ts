import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { readStats } from '../../store/stats';
import { printJson } from '../output';

// benchmail stats [--json]: counts of lists, threads, messages, quarantined, figures.
export function register(program: Command): void {
  program.command('stats')
    .description('counts: lists, threads, messages, quarantined messages, figures')
    .option('--db <path>', 'database file')
    .option('--json', 'machine-readable output')
    .action((o: { db?: string; json?: boolean }) => {
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      const s = readStats(db);
      db.close();
      if (o.json) printJson(s);
      else for (const [k, v] of Object.entries(s)) process.stdout.write(`${k.padEnd(12)} ${v}\n`);
    });
}
