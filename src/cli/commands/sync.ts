import fs from 'node:fs';
import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { BenchmailError } from '../../core/errors';
import { openDb } from '../../store/db';
import { syncList, type SyncEvent } from '../../api/sync';
import { intOption, printJson } from '../output';

// benchmail sync LIST [--server URL] [--since DATE]: mirror a list's public-inbox git
// epochs beside the database and import only the commits not imported yet.
export function register(program: Command): void {
  program.command('sync')
    .description('follow a list through its public-inbox git epochs (lore.kernel.org by default); safe to interrupt and rerun')
    .argument('<list>', 'inbox name on the server, e.g. lkml, netdev, linux-mm')
    .option('--server <url>', 'public-inbox server (default $BENCHMAIL_SERVER or https://lore.kernel.org)')
    .option('--since <date>', 'ignore mail dated before this (YYYY-MM-DD); remembered for later runs')
    .option('--db <path>', 'database file (git mirrors go to <db dir>/git/<host>/<list>/)')
    .option('--batch-size <n>', 'messages per transaction (default 1000)', intOption)
    .option('--json', 'machine-readable output')
    .option('--quiet', 'print only errors')
    .option('--verbose', 'print a line for every committed batch')
    .option('--restart', 'forget where the last sync stopped and read every epoch again (stored mail is kept)')
    .action(async (list: string, o: { server?: string; since?: string; db?: string; batchSize?: number; json?: boolean; quiet?: boolean; verbose?: boolean; restart?: boolean }) => {
      let since: Date | undefined;
      if (o.since) {
        since = new Date(/^\d{4}-\d{2}-\d{2}$/.test(o.since) ? `${o.since}T00:00:00Z` : o.since);
        if (Number.isNaN(since.getTime())) throw new BenchmailError('usage', `--since ${o.since}: not a date (expected YYYY-MM-DD)`);
      }
      const dbPath = resolveDbPath(o.db);
      const db = openDb(dbPath);
      // written synchronously: a line on stderr means that batch is committed
      const say = (s: string) => { if (!o.quiet) fs.writeSync(2, s + '\n'); };
      const tty = !o.quiet && process.stderr.isTTY;
      let progressShown = false;
      const onEvent = (e: SyncEvent) => {
        const inPlace = e.kind === 'batch' && !o.verbose && tty;
        if (progressShown && !inPlace) { fs.writeSync(2, '\n'); progressShown = false; }
        if (e.kind === 'epoch') say(`${list} ${e.epoch}: ${e.action}${e.action === 'cloned' || e.action === 'fetched' ? ` from ${e.url}` : ''}`);
        else if (o.verbose) say(`${list} ${e.epoch}: committed through ${e.commit.slice(0, 12)} (${e.messages} messages read)`);
        else if (tty) { fs.writeSync(2, `\r${list} ${e.epoch}: ${e.messages} messages read, committed`); progressShown = true; }
      };
      try {
        const r = await syncList(db, dbPath, list, { server: o.server, since, batchSize: o.batchSize, onEvent, gitProgress: tty, restart: o.restart });
        if (progressShown) fs.writeSync(2, '\n');
        if (o.json) printJson(r);
        else if (!o.quiet) {
          process.stdout.write(`${list}: ${r.new} new messages from ${r.server}/${list}/ (${r.messages} read from new commits, ` +
            `${r.present} already stored, ${r.quarantined} quarantined) in ${r.seconds.toFixed(1)} s\n`);
          for (const e of r.epochs) process.stdout.write(`  ${e.epoch.padEnd(10)} ${e.action.padEnd(9)} at ${e.to ? e.to.slice(0, 12) : '-'}\n`);
        }
      } finally {
        db.close();
      }
    });
}
