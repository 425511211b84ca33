import type express from 'express';
import type { Site } from '../api/pages';
import {
  homePage, listPage, messagePage, threadPage, rawMessage, threadMbox, threadAtom, listAtom, searchPage,
  measurementsPage, claimsPage, CSV_COLUMNS,
} from '../api/pages';
import { csvCell } from './csv';
import { RAW_CSP } from './security';
import { isUtf8 } from 'node:buffer';
import { PageCache, type CachedPage } from './page-cache';

// THE URL table. Every page is a function of (site, request) returning a view
// model; `page()` registers it twice: as HTML through its template, and as its
// JSON twin at the same path + "json". Order matters: literal paths first.

type Req = express.Request;
type Model = object | { redirect: string };
type Next = express.NextFunction;
/** Returning undefined means "not mine": the request falls through to the next route. */
type PageFn = (site: Site, req: Req) => Model | undefined;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const p = (req: Req, name: string): string => String((req.params as Record<string, string>)[name]);

export interface Route { path: string; view: string | null; fn: PageFn }

export const ROUTES: Route[] = [
  // GET /  lists with counts, latest threads
  { path: '/', view: 'home', fn: (site) => homePage(site) },
  // GET /measurements/?tool=lmbench&canonicalUnit=B/s&canonicalValue__gt=1e8&_sort=-date&_facet=tool
  { path: '/measurements/', view: 'measurements', fn: (site, req) => measurementsPage(site, req.query as Record<string, string>) },
  // GET /claims/?kind=speedup
  { path: '/claims/', view: 'claims', fn: (site, req) => claimsPage(site, req.query as Record<string, string>) },
  // GET /all/?q=...  search every list
  { path: '/all/', view: 'search', fn: (site, req) => searchPage(site, null, str(req.query.q) ?? '', str(req.query.o)) },
  // GET /<list>/  newest threads (?t=YYYYMMDD older, ?a= newer); /<list>/?q=... search the list
  {
    path: '/:list/', view: null, fn: (site, req) => {
      const q = str(req.query.q);
      if (q !== undefined) return { ...searchPage(site, p(req, 'list'), q, str(req.query.o)), view: 'search' };
      return { ...listPage(site, p(req, 'list'), { t: str(req.query.t), a: str(req.query.a) }), view: 'list' };
    },
  },
  // GET /<list>/<msgid>/T/  the thread, flat, by date
  { path: '/:list/:msgid/T/', view: 'thread', fn: (site, req) => threadPage(site, p(req, 'list'), p(req, 'msgid'), false) },
  // GET /<list>/<msgid>/t/  the thread, nested
  { path: '/:list/:msgid/t/', view: 'thread', fn: (site, req) => threadPage(site, p(req, 'list'), p(req, 'msgid'), true) },
  // GET /<list>/YYYY/MM/  threads active in a month
  {
    path: '/:list/:year/:month/', view: 'list', fn: (site, req) => {
      if (!/^\d{4}$/.test(p(req, 'year')) || !/^\d{2}$/.test(p(req, 'month'))) return undefined;
      return listPage(site, p(req, 'list'), { year: p(req, 'year'), month: p(req, 'month'), o: str(req.query.o) });
    },
  },
  // GET /<list>/<msgid>/  one message ('/' inside the id is %2F)
  { path: '/:list/:msgid/', view: 'message', fn: (site, req) => messagePage(site, p(req, 'list'), p(req, 'msgid')) },
];

function send(res: express.Response, view: string | null, model: Model, json: boolean, render: (v: string, m: object) => string): CachedPage | null {
  if ('redirect' in model) {
    const [path, qs] = model.redirect.split('?', 2);
    res.redirect(302, json ? path + 'json' + (qs !== undefined ? '?' + qs : '') : model.redirect);
    return null;
  }
  const m = model as { view?: string };
  const page = json ? { type: 'application/json; charset=utf-8', body: JSON.stringify(model) }
    : { type: 'text/html; charset=utf-8', body: render(m.view ?? view!, model) };
  res.type(page.type).send(page.body);
  return page;
}

export function mountRoutes(app: express.Express, site: Site, render: (v: string, m: object) => string): void {
  const cache = new PageCache(site.reader);
  const handle = (r: Route, json: boolean) => (req: Req, res: express.Response, next: Next) => {
    const key = (json ? 'j' : 'h') + req.originalUrl;
    const hit = cache.get(key);
    if (hit) { res.type(hit.type).send(hit.body); return; }
    const model = r.fn(site, req);
    if (model === undefined) { next('route'); return; }
    const page = send(res, r.view, model, json, render);
    if (page) cache.set(key, page);
  };
  // Exports first: their last segment is literal, so they never shadow a page.
  // GET /measurements/csv  the explorer's rows as CSV (same filters)
  app.get('/measurements/csv', (req, res) => {
    const m = measurementsPage(site, req.query as Record<string, string>, { csv: true });
    if ('redirect' in m) { res.redirect(302, m.redirect.replace('/measurements/', '/measurements/csv')); return; }
    const lines = [CSV_COLUMNS.join(',')];
    for (const r of m.rows) lines.push(CSV_COLUMNS.map((c) => csvCell((r as unknown as Record<string, unknown>)[c])).join(','));
    res.type('text/csv; charset=utf-8').set('Content-Disposition', 'inline; filename="measurements.csv"').send(lines.join('\r\n') + '\r\n');
  });
  // GET /<list>/<msgid>/raw  the message byte for byte
  app.get('/:list/:msgid/raw', (req, res) => {
    const r = rawMessage(site, p(req, 'list'), p(req, 'msgid'));
    if ('redirect' in r) { res.redirect(302, r.redirect); return; }
    res.set('Content-Security-Policy', RAW_CSP);
    res.type(`text/plain; charset=${isUtf8(r.raw) ? 'utf-8' : 'iso-8859-1'}`).send(r.raw);
  });
  // GET /<list>/<msgid>/t.mbox.gz  the thread as gzipped mboxrd
  app.get('/:list/:msgid/t.mbox.gz', (req, res) => {
    const r = threadMbox(site, p(req, 'list'), p(req, 'msgid'));
    if ('redirect' in r) { res.redirect(302, r.redirect); return; }
    res.type('application/gzip').set('Content-Disposition', `attachment; filename="${r.filename}"`).send(r.gz);
  });
  // GET /<list>/<msgid>/t.atom  the thread as an Atom feed
  app.get('/:list/:msgid/t.atom', (req, res) => {
    const r = threadAtom(site, p(req, 'list'), p(req, 'msgid'), `${req.protocol}://${req.get('host') ?? 'localhost'}`);
    if (typeof r !== 'string') { res.redirect(302, r.redirect); return; }
    res.type('application/atom+xml; charset=utf-8').send(r);
  });
  // GET /<list>/new.atom  the list's newest messages as an Atom feed
  app.get('/:list/new.atom', (req, res) => {
    res.type('application/atom+xml; charset=utf-8').send(listAtom(site, p(req, 'list'), `${req.protocol}://${req.get('host') ?? 'localhost'}`));
  });
  // JSON twins: the same path + "json" (/json, /lkml/json, /lkml/<msgid>/json, /measurements/json ...)
  for (const r of ROUTES) app.get(r.path === '/' ? '/json' : r.path + 'json', handle(r, true));
  for (const r of ROUTES) app.get(r.path, handle(r, false));
}
