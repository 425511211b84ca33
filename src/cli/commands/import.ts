import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { importPaths, inputBytes, type ImportSummary } from '../../api/import';
import { printJson, intOption } from '../output';
import { progressBar } from '../progress';

// benchmail import PATH... [--list NAME] [--db PATH] [--quiet] [--json]
export function register(program: Command): void {
  program.command('import')
    .description('import mbox (any flavour, .gz), Maildir, .eml, public-inbox git, or - for stdin')
    .argument('<paths...>', 'files or directories to import')
    .option('--db <path>', 'database file')
    .option('--list <name>', 'list name for mail without List-Id / X-Mailing-List (default: misc)')
    .option('--no-extract', 'store and index the mail but extract no figures')
    .option('--threads <n>', 'worker threads for parsing and extraction (default: cores - 1, at least 1, at most 4; 0 = none)', intOption)
    .option('--quiet', 'no progress bar and no notes')
    .option('--json', 'print a machine-readable summary')
    .action(async (paths: string[], o: { db?: string; list?: string; extract: boolean; threads?: number; quiet?: boolean; json?: boolean }) => {
      const db = openDb(resolveDbPath(o.db));
      const bar = progressBar(inputBytes(paths), !!o.quiet || !!o.json);
      let summary: ImportSummary;
      try {
        summary = await importPaths(db, paths, {
          list: o.list, extract: o.extract, threads: o.threads,
          onProgress: (p) => bar.update(p.bytes, p.messages),
          onNote: (n) => { if (!o.quiet && !o.json) process.stderr.write(`Note: ${n.source}: ${n.message}\n`); },
        });
      } finally {
        bar.stop();
        db.close();
      }
      if (o.json) { printJson(summary); return; }
      process.stdout.write(describe(summary) + '\n');
    });
}

export function describe(s: ImportSummary): string {
  const lines = [
    `Imported ${s.new} new message${s.new === 1 ? '' : 's'} (${s.present} already present) ` +
    `from ${s.messages} read, ${(s.bytes / 1e6).toFixed(1)} MB in ${s.seconds.toFixed(1)} s` +
    (s.seconds > 0 ? ` (${Math.round(s.messages / s.seconds)} messages/s).` : '.'),
  ];
  if (s.figures) lines.push(`${s.figures} benchmark figure${s.figures === 1 ? '' : 's'} extracted from the new messages (\`benchmail measurements\` lists them).`);
  if (s.new === 0 && s.present > 0) lines.push('Nothing new: the database already holds every message read.');
  const q = s.quarantined + s.quarantinePresent;
  if (q) {
    lines.push(`${q} message${q === 1 ? '' : 's'} could not be read as mail and ${q === 1 ? 'is' : 'are'} kept, raw, in quarantine` +
      (s.quarantinePresent ? ` (${s.quarantinePresent} already there)` : '') + ' (see `benchmail quarantine`):');
    for (const n of s.quarantine.slice(0, 20)) lines.push(`  ${n.source}${n.offset !== null ? ` at byte ${n.offset}` : ''}: ${n.reason}`);
    if (s.quarantine.length > 20) lines.push(`  ... and ${s.quarantine.length - 20} more`);
  }
  return lines.join('\n');
}
