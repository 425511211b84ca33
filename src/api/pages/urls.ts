import { msgIdToPath } from '../../core/msgid';

// The site's URLs, lore-compatible: swap lore.kernel.org for localhost and the path still works.
export const urls = {
  home: () => '/',
  list: (list: string) => `/${encodeURIComponent(list)}/`,
  month: (list: string, ym: string) => `/${encodeURIComponent(list)}/${ym.slice(0, 4)}/${ym.slice(5, 7)}/`,
  message: (list: string, id: string) => `/${encodeURIComponent(list)}/${msgIdToPath(id)}/`,
  figure: (list: string, id: string, figureId: number) => `/${encodeURIComponent(list)}/${msgIdToPath(id)}/#f${figureId}`,
  flat: (list: string, id: string) => `/${encodeURIComponent(list)}/${msgIdToPath(id)}/T/`,
  nested: (list: string, id: string) => `/${encodeURIComponent(list)}/${msgIdToPath(id)}/t/`,
  raw: (list: string, id: string) => `/${encodeURIComponent(list)}/${msgIdToPath(id)}/raw`,
  mbox: (list: string, id: string) => `/${encodeURIComponent(list)}/${msgIdToPath(id)}/t.mbox.gz`,
  atom: (list: string, id: string) => `/${encodeURIComponent(list)}/${msgIdToPath(id)}/t.atom`,
  search: (list: string | null, q: string) => `/${list ? encodeURIComponent(list) : 'all'}/?q=${encodeURIComponent(q)}`,
  explore: (params: Record<string, string | number>) => {
    const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return `/measurements/${qs ? '?' + qs : ''}`;
  },
  figureRow: (figureId: number) => `/measurements/?id=${figureId}`,
  claims: () => '/claims/',
};

/** "2001-05-07 21:30" in UTC, as lore prints dates. */
export function fmtDate(unix: number | null): string {
  if (unix == null) return '(no date)';
  return new Date(unix * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

export function isoDate(unix: number | null): string | null {
  return unix == null ? null : new Date(unix * 1000).toISOString();
}
