import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { VERSION } from '../core/config';
import { BenchmailError } from '../core/errors';

// Every file in ./commands exports register(program): adding a command is adding a file.
export interface CommandModule { register(program: Command): void }

export function buildProgram(only?: string): Command {
  const program = new Command();
  program
    .name('benchmail')
    .description('Read the Linux kernel mailing list as a source of performance evidence')
    .version(VERSION)
    .showHelpAfterError();
  const dir = path.join(__dirname, 'commands');
  // Load only the command asked for when the file is named after it: a CLI call then
  // pays for its own dependencies, not for the web server's and the extractor's.
  const named = only && /^[a-z]+$/.test(only) && fs.existsSync(path.join(dir, `${only}.js`)) ? [`${only}.js`] : null;
  // --version needs no command at all; --help and unknown words list them all
  const none = only === '--version' || only === '-V';
  for (const f of named ?? (none ? [] : fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort())) {
    (require(path.join(dir, f)) as CommandModule).register(program);
  }
  return program;
}

/** Prints a BenchmailError's sentence (not a stack) and exits with a code per kind. */
export function fail(e: unknown): never {
  if (e instanceof BenchmailError) {
    process.stderr.write(`benchmail: ${e.message}\n`);
    process.exit(e.code === 'usage' ? 2 : e.code === 'not_found' ? 3 : 1);
  }
  process.stderr.write(`benchmail: internal error: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
}

if (require.main === module || require.main?.filename.endsWith(path.join('bin', 'benchmail.js'))) {
  // `start` is what `npm start` runs; keep commander's own parse so --help works everywhere.
  // `benchmail ... | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  buildProgram(process.argv[2]).parseAsync(process.argv).catch(fail);
}
