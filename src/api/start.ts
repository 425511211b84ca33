import path from 'node:path';
import type { DB } from '../store/db';
import { readStats } from '../store/stats';
import { importPaths, type ImportSummary } from './import';
import { DATA_DIR } from '../core/config';
import { seedSampleRuns } from './runs';

// What `npm start` does before serving: an empty database gets the sample archive
// (data/sample/) and, for the seed figure, a stored run of its recipe.

export const SAMPLE_DIR = path.join(DATA_DIR, 'sample');

export async function prepareSample(db: DB, log: (s: string) => void): Promise<ImportSummary | null> {
  if (readStats(db).messages > 0) return null;
  log(`empty database: importing the sample archive from ${SAMPLE_DIR}`);
  const summary = await importPaths(db, [SAMPLE_DIR], {});
  log(`imported ${summary.new} messages (${summary.quarantined} quarantined) in ${summary.seconds.toFixed(1)} s`);
  try {
    const r = await seedSampleRuns(db);
    log(r.skipped ? `seed run skipped: ${r.skipped}` : `stored ${r.runs} run(s) of the seed thread's recipe on this machine`);
  } catch (e) {
    log(`seed run not stored: ${(e as Error).message}`);
  }
  return summary;
}
