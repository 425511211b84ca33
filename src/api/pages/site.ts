import { openDb, type DB } from '../../store/db';
import { Reader } from '../../store/read';
import type { FigureRow } from '../../store/read-figures';
import { runsForFigures as storeRunsForFigures } from '../../store/runs';

// What every page model needs: one read-only handle and its prepared statements.
export interface Site { db: DB; reader: Reader }

/** Opens the archive read-only: the site never writes, an import may run beside it. */
export function openSite(dbPath: string): Site {
  const db = openDb(dbPath, { readonly: true });
  return { db, reader: new Reader(db) };
}

/** A re-measurement of a figure on this machine, as shown beside it. */
export interface RunView {
  runId: number; canonicalValue: number | null; ratio: number | null; speedup: number | null;
  startedAt: string | null; command: string; comparable: boolean; note: string | null;
}

// RUNS: the recipes helper's runsForFigures (src/store/runs.ts) gives each figure its runs with the
// then/now ratio. Guarded by one cached EXISTS per import, so an archive without runs costs nothing.
export function runsForFigures(site: Site, figures: FigureRow[]): Map<number, RunView[]> {
  const out = new Map<number, RunView[]>();
  if (!figures.length) return out;
  const any = site.reader.cached('runs:any', () => !!site.reader.stmt('SELECT EXISTS (SELECT 1 FROM runs)').pluck().get());
  if (!any) return out;
  for (const fr of storeRunsForFigures(site.db, figures.map((f) => f.id))) {
    if (!fr.runs.length) continue;
    out.set(fr.figureId, fr.runs.map((r) => ({
      runId: r.id,
      canonicalValue: r.thenNow?.now ?? r.headline?.canonicalValue ?? null,
      ratio: r.thenNow?.ratio ?? null,
      speedup: r.thenNow?.speedup ?? null,
      startedAt: r.startedAt,
      command: r.command.join(' '),
      comparable: r.comparable,
      note: r.note,
    })));
  }
  return out;
}
