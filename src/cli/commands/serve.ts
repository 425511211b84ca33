import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { startServer } from '../../web/server';
import { intOption } from '../output';

// benchmail serve [--db PATH] [--port N] [--host 127.0.0.1]: the local site, read-only on the archive.
export function register(program: Command): void {
  program.command('serve')
    .description('serve the archive as a local site (lore-like URLs, figures highlighted, explorer at /measurements/)')
    .option('--db <path>', 'database file')
    .option('--port <n>', 'port to listen on', intOption, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (o: { db?: string; port: number; host: string }) => {
      const s = await startServer({ dbPath: resolveDbPath(o.db), host: o.host, port: o.port });
      process.stderr.write(`benchmail: serving ${resolveDbPath(o.db)} at ${s.url}/ (read-only; Ctrl-C to stop)\n`);
      const stop = () => { void s.close().then(() => process.exit(0)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
