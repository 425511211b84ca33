import os from 'node:os';
import path from 'node:path';

// Project root: dist/src/core -> ../../.. ; src/core (ts-node) -> ../..
export const PROJECT_ROOT = (() => {
  const up = path.resolve(__dirname, '..', '..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
})();

export const VERSION: string = require(path.join(PROJECT_ROOT, 'package.json')).version;
export const USER_AGENT = `benchmail/${VERSION} (+https://github.com/benchmail)`;

/** --db PATH, else $BENCHMAIL_DB, else data/benchmail.db in the checkout. */
export function resolveDbPath(flag?: string): string {
  if (flag) return path.resolve(flag);
  if (process.env.BENCHMAIL_DB) return path.resolve(process.env.BENCHMAIL_DB);
  return path.join(PROJECT_ROOT, 'data', 'benchmail.db');
}

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');
export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');
export const DATA_DIR = path.join(PROJECT_ROOT, 'data');

/** Cores this process may use (the affinity mask where Node knows it). */
export const cores = (): number => os.availableParallelism?.() ?? os.cpus().length;
