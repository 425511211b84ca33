import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { verifyDatabase, type VerifyReport } from '../../api/verify';
import { printJson } from '../output';

// benchmail verify [--db PATH] [--quick] [--json]: exit 0 when every stored message is
// whole, indexed and threaded; exit 1 and say what is damaged otherwise.
export function register(program: Command): void {
  program.command('verify')
    .description('check the database: raw SHA-256 of every message, counts, full-text rows, thread links, SQLite integrity; print a content digest')
    .option('--db <path>', 'database file')
    .option('--quick', 'PRAGMA quick_check instead of the full integrity_check')
    .option('--json', 'machine-readable report (key `digest`)')
    .action((o: { db?: string; quick?: boolean; json?: boolean }) => {
      const r = verifyDatabase(resolveDbPath(o.db), { quick: o.quick });
      if (o.json) printJson(r);
      else process.stdout.write(describe(r) + '\n');
      if (!r.ok) process.exitCode = 1;
    });
}

export function describe(r: VerifyReport): string {
  const lines: string[] = [];
  for (const c of r.checks) {
    const state = c.skipped ? `skipped (${c.skipped})` : c.ok ? 'ok' : `DAMAGED (${c.problems.length + c.more} problem${c.problems.length + c.more === 1 ? '' : 's'})`;
    lines.push(`${c.name.padEnd(28)} ${String(c.checked).padStart(8)} checked  ${state}`);
    for (const p of c.problems) lines.push(`  ${p}`);
    if (c.more) lines.push(`  ... and ${c.more} more`);
  }
  lines.push(`messages ${r.counts.messages}, quarantined ${r.counts.quarantine}, figures ${r.counts.figures}, containers ${r.counts.containers}`);
  lines.push(`digest ${r.digest}`);
  lines.push(r.ok ? `The database is whole (${r.seconds.toFixed(1)} s).`
    : 'The database is damaged: the messages named above are not as they were imported. Re-import their sources to repair them.');
  return lines.join('\n');
}
