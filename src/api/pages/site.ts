import { openDb, type DB } from '../../store/db';
import { Reader } from '../../store/read';
import type { FigureRow } from '../../store/read-figures';

// What every page model needs: one read-only handle and its prepared statements.
export interface Site { db: DB; reader: Reader }

/** Opens the archive read-only: the site never writes, an import may run beside it. */
export function openSite(dbPath: string): Site {
  const db = openDb(dbPath, { readonly: true });
  return { db, reader: new Reader(db) };
}

/** A re-measurement of a figure on this machine, as shown beside it. */
export interface RunView { runId: number | null; canonicalValue: number | null; ratio: number | null; startedAt: string | null; command: string | null }

type RunsFn = (db: DB, figureIds: number[]) => unknown;
type RunsOfFigureFn = (db: DB, f: { id: number; messageId: string; start: number }) => unknown[];
let runsMod: { runsForFigures?: RunsFn; runsOfFigure?: RunsOfFigureFn } | null | undefined;

// RUNS SLOT: the recipes helper's src/store/runs.ts. runsForFigures(db, figureIds) is used when it
// exists; else runsOfFigure per figure, but only when the runs table holds anything (an empty
// table costs one cached EXISTS per import, not a query per figure). Whatever shape comes back
// (a Map, a Record, an array of runs with figureId) is normalised so pages only see RunView.
export function runsForFigures(site: Site, figures: FigureRow[]): Map<number, RunView[]> {
  const out = new Map<number, RunView[]>();
  if (!figures.length) return out;
  if (runsMod === undefined) {
    try {
      runsMod = require('../../store/runs') as typeof runsMod;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
      runsMod = null;
    }
  }
  if (!runsMod) return out;
  const any = site.reader.cached('runs:any', () => !!site.reader.stmt('SELECT EXISTS (SELECT 1 FROM runs)').pluck().get());
  if (!any) return out;
  const byId = new Map(figures.map((f) => [f.id, f]));
  const entries: [number, unknown[]][] = [];
  if (runsMod.runsForFigures) {
    const res = runsMod.runsForFigures(site.db, figures.map((f) => f.id));
    if (res instanceof Map) for (const [k, v] of res) entries.push([Number(k), Array.isArray(v) ? v : [v]]);
    else if (Array.isArray(res)) {
      for (const r of res as Record<string, unknown>[]) entries.push([Number(r.figureId ?? r.figure_id), [r]]);
    } else if (res && typeof res === 'object') {
      for (const [k, v] of Object.entries(res)) entries.push([Number(k), Array.isArray(v) ? v : [v]]);
    }
  } else if (runsMod.runsOfFigure) {
    for (const f of figures) entries.push([f.id, runsMod.runsOfFigure(site.db, f)]);
  }
  for (const [fid, runs] of entries) {
    const f = byId.get(fid);
    if (!f || !runs.length) continue;
    const list = out.get(fid) ?? [];
    for (const r0 of runs) {
      const r = (r0 ?? {}) as Record<string, any>;
      const same = Array.isArray(r.figures) ? r.figures.find((x: any) => x?.canonicalUnit === f.canonicalUnit) : undefined;
      const now = typeof r.canonicalValue === 'number' ? r.canonicalValue
        : typeof same?.canonicalValue === 'number' ? same.canonicalValue : null;
      list.push({
        runId: typeof r.id === 'number' ? r.id : typeof r.runId === 'number' ? r.runId : null,
        canonicalValue: now,
        ratio: now !== null && f.canonicalValue ? now / f.canonicalValue : null,
        startedAt: typeof r.startedAt === 'string' ? r.startedAt : typeof r.started_at === 'number' ? new Date(r.started_at * 1000).toISOString() : null,
        command: Array.isArray(r.command) ? r.command.join(' ') : typeof r.command === 'string' ? r.command : null,
      });
    }
    out.set(fid, list);
  }
  return out;
}
