import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { openSite, type Site } from '../api/pages';
import { BenchmailError } from '../core/errors';
import { VIEWS_DIR } from '../core/config';
import { createRenderer } from './render';
import { mountRoutes } from './routes';
import { securityHeaders } from './security';

// The local site: express 5, server-rendered eta templates, one URL table
// (routes.ts), one error handler (here). The archive is opened read-only: an
// import may run beside the server and its mail appears on the next request.

export interface AppOptions { dbPath: string }

const STATIC_DIR = path.join(VIEWS_DIR, 'static');
const UPLOT_DIR = path.dirname(require.resolve('uplot'));

export function createApp(opts: AppOptions): express.Express {
  const site = openSite(opts.dbPath);
  return appFor(site);
}

function appFor(site: Site): express.Express {
  const render = createRenderer();
  const app = express();
  app.disable('x-powered-by');
  app.set('case sensitive routing', true); // /T/ (flat) and /t/ (nested) are different pages
  app.set('query parser', 'simple');
  app.locals.site = site;
  app.use(securityHeaders);
  // GET /static/...  our CSS and scripts; /static/uplot/...  uPlot from node_modules (no CDN)
  app.use('/static/uplot', express.static(UPLOT_DIR, { maxAge: '1h', index: false, fallthrough: false }));
  app.use('/static', express.static(STATIC_DIR, { maxAge: '1h', index: false, fallthrough: false }));
  // GET /favicon.ico  none; answered here so it is not taken for a list name
  app.get('/favicon.ico', (_req, res) => { res.status(204).end(); });
  mountRoutes(app, site, render);

  // Nothing matched: a 404 page that offers a search.
  app.use((req, _res, next) => {
    next(new BenchmailError('not_found', `nothing at ${decodeSafe(req.path).slice(0, 200)}`));
  });
  // THE error handler: BenchmailError -> its status and sentence; anything else -> 500, logged.
  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const be = err instanceof BenchmailError ? err : null;
    const httpStatus = be?.status ?? (typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 500);
    const status = httpStatus >= 400 && httpStatus < 600 ? httpStatus : 500;
    const message = be ? be.message
      : status < 500 ? `bad request: ${(err as Error)?.message ?? 'malformed'}` : 'internal error: the server could not show this page (details are in its log)';
    if (status >= 500 && !be) process.stderr.write(`benchmail serve: ${req.method} ${req.originalUrl}: ${(err as Error)?.stack ?? err}\n`);
    if (res.headersSent) return;
    const wantsJson = /\/(json|csv)$/.test(req.path) || (req.get('accept') ?? '').startsWith('application/json');
    if (wantsJson) { res.status(status).json({ ok: false, status, error: message }); return; }
    const segs = req.path.split('/').filter(Boolean).map(decodeSafe);
    const list = segs[0] && site.reader.list(segs[0]) ? segs[0] : null;
    const guess = segs.length >= 2 ? segs[1] : segs[0] ?? '';
    res.status(status).type('html').send(render('error', {
      title: status === 404 ? 'Not found' : `Error ${status}`, status, message,
      searchList: list ?? 'all', q: String(req.query?.q ?? guess).slice(0, 200),
    }));
  });
  return app;
}

function decodeSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

export interface RunningServer { url: string; close(): Promise<void> }

/** Starts the site; resolves once it listens. Port 0 picks a free port (tests). */
export async function startServer(opts: { dbPath: string; host?: string; port?: number }): Promise<RunningServer> {
  const site = openSite(opts.dbPath);
  const app = appFor(site);
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 8080;
  let failed = false;
  const fail = (e: NodeJS.ErrnoException, reject: (e: Error) => void) => {
    if (failed) return;
    failed = true;
    site.db.close();
    reject(e.code === 'EADDRINUSE' ? new BenchmailError('io', `port ${port} on ${host} is already in use: pick another with --port`)
      : e.code === 'EACCES' ? new BenchmailError('io', `not allowed to listen on ${host}:${port}: pick a port above 1023 with --port`)
      : e);
  };
  return new Promise((resolve, reject) => {
    // express 5 hands listen errors to this callback; older paths emit 'error': both end in fail().
    const server = app.listen(port, host, (err?: Error) => {
      if (err) { fail(err as NodeJS.ErrnoException, reject); return; }
      const addr = server.address() as AddressInfo;
      const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${shownHost}:${addr.port}`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections?.();
          server.close(() => { site.db.close(); done(); });
        }),
      });
    });
    server.on('error', (e: NodeJS.ErrnoException) => fail(e, reject));
  });
}
