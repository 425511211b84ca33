import fs from 'node:fs';
import path from 'node:path';
import { Eta } from 'eta';
import { VIEWS_DIR } from '../core/config';
import { bodyHtml, linkify } from './body-html';
import { fmtCanonical, fmtNum, jsonForScript, plural } from './format';
import { urls } from '../api/pages/urls';
import { msgIdToPath } from '../core/msgid';

// Server-side templates (views/*.eta). Compiled once at start-up and cached: a
// request never compiles a template. Auto-escaping is on; the only raw outputs
// are our own HTML builders (bodyHtml, linkify), which escape everything from mail.

export const helpers = { bodyHtml, linkify, fmtCanonical, fmtNum, jsonForScript, plural, urls, msgIdToPath };

export function createRenderer(viewsDir = VIEWS_DIR) {
  const eta = new Eta({ views: viewsDir, cache: true, autoEscape: true, autoTrim: [false, 'nl'] });
  // Warm the cache: compile every template now so a template error fails at start, not on a request.
  for (const f of fs.readdirSync(viewsDir).filter((x) => x.endsWith('.eta'))) {
    const file = path.join(viewsDir, f);
    eta.templatesSync.define(file, eta.compile(fs.readFileSync(file, 'utf8'), { filepath: file }));
  }
  return (view: string, model: object, extra: Record<string, unknown> = {}): string =>
    eta.render(view, { ...model, ...extra, h: helpers });
}

export type Renderer = ReturnType<typeof createRenderer>;
