// HTTP client for public-inbox servers (lore.kernel.org and any public-inbox-httpd).
// Polite by default, as b4 and lei are: a User-Agent naming benchmail, one request at a
// time per server, timeouts, and retries with backoff on 429/5xx and dropped connections.
import zlib from 'node:zlib';
import { USER_AGENT } from '../core/config';
import { BenchmailError } from '../core/errors';
import { msgIdToPath } from '../core/msgid';

export const DEFAULT_SERVER = 'https://lore.kernel.org';

/** --server, else $BENCHMAIL_SERVER, else lore.kernel.org; no trailing slash. */
export function resolveServer(flag?: string): string {
  const s = (flag || process.env.BENCHMAIL_SERVER || DEFAULT_SERVER).trim().replace(/\/+$/, '');
  let u: URL;
  try { u = new URL(s); } catch {
    throw new BenchmailError('usage', `--server ${s} is not a URL (expected e.g. ${DEFAULT_SERVER})`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new BenchmailError('usage', `--server ${s}: only http:// and https:// servers are supported`);
  }
  return s;
}

export interface RequestRecord { method: string; url: string; status: number | null; bytes: number; attempt: number }

export interface LoreClientOptions {
  timeoutMs?: number;     // per attempt, headers and body (default 120 s)
  retries?: number;       // extra attempts on 429/5xx/connection errors (default 4)
  backoffMs?: number;     // first wait; doubles each retry, capped at 60 s (default 1 s)
  onRequest?: (r: RequestRecord) => void;
}

export interface Response { status: number; body: Buffer; url: string; headers: Headers }

// One lane per server origin: a request starts when the previous one to that server ended.
const lanes = new Map<string, Promise<unknown>>();

function inLane<T>(origin: string, f: () => Promise<T>): Promise<T> {
  const prev = lanes.get(origin) ?? Promise.resolve();
  const run = prev.then(f, f);
  const tail = run.then(() => undefined, () => undefined);
  lanes.set(origin, tail);
  void tail.then(() => { if (lanes.get(origin) === tail) lanes.delete(origin); });
  return run;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const TRANSIENT = /^(?:timed out|ECONNRESET|ETIMEDOUT|EPIPE|ECONNABORTED|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+|other side closed|terminated)$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function networkReason(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

export class LoreClient {
  readonly server: string;
  private readonly opts: Required<Omit<LoreClientOptions, 'onRequest'>> & Pick<LoreClientOptions, 'onRequest'>;
  /** every request made, in order (for summaries and tests) */
  readonly requests: RequestRecord[] = [];

  constructor(server: string, opts: LoreClientOptions = {}) {
    this.server = resolveServer(server);
    this.opts = {
      timeoutMs: opts.timeoutMs ?? 120_000,
      retries: opts.retries ?? 4,
      backoffMs: opts.backoffMs ?? 1000,
      onRequest: opts.onRequest,
    };
  }

  /** URL of a path on this server ("/lkml/ID/t.mbox.gz"). */
  url(p: string): string {
    return this.server + p;
  }

  /**
   * One HTTP request with retries. Returns any final status (the caller words 404);
   * throws BenchmailError 'network'/'timeout' when the server cannot be reached.
   */
  async request(p: string, init: { method?: string; body?: string; contentType?: string } = {}): Promise<Response> {
    const url = this.url(p);
    const method = init.method ?? 'GET';
    const origin = new URL(url).origin;
    return inLane(origin, async () => {
      for (let attempt = 0; ; attempt++) {
        let retryAfter: number | null = null;
        try {
          const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: '*/*' };
          if (init.contentType) headers['Content-Type'] = init.contentType;
          const r = await fetch(url, {
            method, headers, body: init.body, redirect: 'follow',
            signal: AbortSignal.timeout(this.opts.timeoutMs),
          });
          const body = Buffer.from(await r.arrayBuffer());
          this.record({ method, url, status: r.status, bytes: body.length, attempt });
          if (!RETRY_STATUS.has(r.status) || attempt >= this.opts.retries) {
            return { status: r.status, body, url: r.url || url, headers: r.headers };
          }
          const ra = r.headers.get('retry-after');
          if (ra && /^\d{1,6}$/.test(ra.trim())) retryAfter = Number(ra.trim()) * 1000;
        } catch (e) {
          if (e instanceof BenchmailError) throw e;
          this.record({ method, url, status: null, bytes: 0, attempt });
          const why = networkReason(e);
          // refused, unknown host, blocked port: retrying will not help, say so at once
          if (attempt >= this.opts.retries || !TRANSIENT.test(why)) {
            throw new BenchmailError(why === 'timed out' ? 'timeout' : 'network',
              `cannot reach ${origin} (${why}) after ${attempt + 1} attempt${attempt ? 's' : ''}` +
              `${/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)$/.test(why) ? ': offline, or wrong --server?' : ''}; nothing was fetched from ${url}`);
          }
        }
        const wait = Math.min(retryAfter ?? this.opts.backoffMs * 2 ** attempt, 60_000);
        await sleep(wait);
      }
    });
  }

  private record(r: RequestRecord): void {
    this.requests.push(r);
    this.opts.onRequest?.(r);
  }

  /** Throws a sentence naming what was asked for when the answer is not 2xx. */
  private check(r: Response, what: string): Response {
    if (r.status >= 200 && r.status < 300) return r;
    const kind = r.status === 404 || r.status === 410 ? 'not_found' : 'network';
    throw new BenchmailError(kind, `${what} on ${r.url}: ${r.status}`);
  }

  /** The whole thread holding `id`, as mboxrd bytes (GET /<list>/<id>/t.mbox.gz). */
  async threadMbox(list: string, id: string): Promise<{ mbox: Buffer; url: string }> {
    const r = this.check(await this.request(`/${list}/${msgIdToPath(id)}/t.mbox.gz`), `no thread <${id}>`);
    return { mbox: gunzipIfNeeded(r.body, r.url), url: r.url };
  }

  /** One message as public-inbox serves it: an mboxrd file of one message (GET /<list>/<id>/raw). */
  async rawMessage(list: string, id: string): Promise<{ mbox: Buffer; url: string }> {
    const r = this.check(await this.request(`/${list}/${msgIdToPath(id)}/raw`), `no message <${id}>`);
    return { mbox: gunzipIfNeeded(r.body, r.url), url: r.url };
  }

  /** The HTML page of a message: its "Thread overview" lists every message of the thread. */
  async messagePage(list: string, id: string): Promise<{ html: string; url: string }> {
    const r = this.check(await this.request(`/${list}/${msgIdToPath(id)}/`), `no message <${id}>`);
    return { html: r.body.toString('utf8'), url: r.url };
  }

  /** The inbox's grokmirror manifest (GET /<list>/manifest.js.gz): repo path -> {fingerprint, ...}. */
  async manifest(list: string): Promise<Record<string, { fingerprint?: string | null; modified?: number }>> {
    const r = this.check(await this.request(`/${list}/manifest.js.gz`), `no list ${list}`);
    try {
      return JSON.parse(gunzipIfNeeded(r.body, r.url).toString('utf8'));
    } catch (e) {
      throw new BenchmailError('network', `${r.url} is not a public-inbox manifest: ${(e as Error).message}`);
    }
  }
}

function gunzipIfNeeded(b: Buffer, url: string): Buffer {
  if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return b;
  try {
    return zlib.gunzipSync(b, { maxOutputLength: 2 ** 31 - 1 });
  } catch (e) {
    throw new BenchmailError('network', `${url}: the gzip data is damaged (${(e as Error).message}); nothing imported from it`);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

/**
 * Message-IDs linked from a public-inbox message page's "Thread overview" (href="../ID/"),
 * except the ones marked "[not found]" (referenced, never archived), or null when the page has no overview (then the caller fetches the whole thread).
 */
export function threadOverviewIds(html: string): string[] | null {
  const start = html.indexOf('Thread overview:');
  if (start < 0) return null;
  const end = html.indexOf('</pre>', start);
  const skel = html.slice(start, end < 0 ? undefined : end);
  const ids: string[] = [];
  const re = /href="\.\.\/([^"/]{1,2000})\/"/g;
  let prev = 0;
  for (let m = re.exec(skel); m; m = re.exec(skel)) {
    // "[not found] <ID>": referenced but not in the archive (a ghost): nothing to fetch
    const ghost = skel.slice(prev, m.index).includes('[not found]');
    prev = m.index + m[0].length;
    if (ghost) continue;
    const unescaped = m[1].replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => ENTITIES[e]);
    try { ids.push(decodeURIComponent(unescaped)); } catch { ids.push(unescaped); }
  }
  return ids;
}
