import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { listMeasurements, MEASUREMENT_FIELDS, type MeasurementQuery } from '../../api/measurements';
import { printJson, printCsv, intOption } from '../output';

// benchmail measurements [--json|--csv] [--tool T] [--unit U] [--kind K] [--author A] [--list L]
//   [--thread ID] [--message ID] [--since D] [--until D] [--min Q] [--max Q] [--quoted|--no-quoted]
export function register(program: Command): void {
  program.command('measurements')
    .description('benchmark figures found in mail: who said which number, measured how, and who quoted it')
    .option('--db <path>', 'database file')
    .option('--json', 'JSON array, one object per figure')
    .option('--csv', 'CSV with a header line')
    .option('--tool <name>', 'tool (lmbench, dbench, ...)')
    .option('--unit <unit>', 'canonical unit: B, B/s, bit/s, s, Hz, %, x, 1')
    .option('--kind <kind>', 'throughput, latency, time, size, rate, frequency, ratio, percent, count')
    .option('--author <name>', 'sender name or address contains this')
    .option('--list <name>', 'list name (lkml, netdev, ...)')
    .option('--thread <id>', 'thread: its root Message-ID (bare, <id>, id:..., or a lore URL)')
    .option('--message <id>', 'one message (bare, <id>, id:..., or a lore URL)')
    .option('--since <date>', 'messages on or after this date (2001-05-07)')
    .option('--until <date>', 'messages before this date')
    .option('--min <q>', 'canonical value at least this (a number, or a quantity: 100MB/s)')
    .option('--max <q>', 'canonical value at most this')
    .option('--quoted', 'only figures that stand in quoted text')
    .option('--no-quoted', 'only the authors\' own figures')
    .option('--limit <n>', 'at most this many', intOption)
    .action((o: MeasurementQuery & { db?: string; json?: boolean; csv?: boolean }) => {
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      let rows;
      try { rows = listMeasurements(db, o); } finally { db.close(); }
      if (o.json) return printJson(rows);
      if (o.csv) return printCsv(rows as unknown as Record<string, unknown>[], [...MEASUREMENT_FIELDS]);
      if (!rows.length) { process.stdout.write('No figures match.\n'); return; }
      for (const f of rows) {
        const who = f.quoted ? `${f.author} quoting ${f.quotedFrom ?? 'someone'}` : f.author;
        process.stdout.write(`${String(f.value)} ${f.unit}`.padEnd(18) + ` = ${fmt(f.canonicalValue)} ${f.canonicalUnit}`.padEnd(22) +
          ` ${(f.tool ?? '-').padEnd(10)} ${who}  <${f.messageId}>\n    ${f.text}\n`);
      }
      process.stdout.write(`${rows.length} figure${rows.length === 1 ? '' : 's'}\n`);
    });
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Math.round(v * 1e4) / 1e4);
}
