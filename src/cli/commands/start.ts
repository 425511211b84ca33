import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { prepareSample } from '../../api/start';
import { startServer } from '../../web/server';
import { intOption } from '../output';

// benchmail start: what `npm start` runs. Imports data/sample/ into an empty
// database (with a run of the seed's recipe), then serves the site.
export function register(program: Command): void {
  program.command('start')
    .description('import the sample archive when the database is empty, then serve the site')
    .option('--db <path>', 'database file')
    .option('--port <n>', 'port to listen on', intOption, Number(process.env.PORT) || 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (o: { db?: string; port: number; host: string }) => {
      const file = resolveDbPath(o.db);
      const db = openDb(file);
      try { await prepareSample(db, (s) => process.stderr.write(`benchmail: ${s}\n`)); } finally { db.close(); }
      const s = await startServer({ dbPath: file, host: o.host, port: o.port });
      process.stderr.write(`benchmail: serving ${file} at ${s.url}/ (read-only; Ctrl-C to stop)\n`);
      const stop = () => { void s.close().then(() => process.exit(0)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
