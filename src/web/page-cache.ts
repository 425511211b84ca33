import type { Reader } from '../store/read';

// Rendered pages by URL, dropped whenever the archive changes (PRAGMA data_version moves when an
// import or a run commits). A page is a pure function of the URL and the database, so a hit is
// exactly what a render would give. Bounded in entries and in bytes per entry.

export interface CachedPage { type: string; body: string }

export class PageCache {
  private version = -1;
  private map = new Map<string, CachedPage>();
  constructor(private reader: Reader, private maxEntries = 500, private maxBytes = 512 * 1024) {}

  get(key: string): CachedPage | undefined {
    const v = this.reader.dataVersion();
    if (v !== this.version) { this.map.clear(); this.version = v; return undefined; }
    const hit = this.map.get(key);
    if (hit) { this.map.delete(key); this.map.set(key, hit); }
    return hit;
  }

  set(key: string, page: CachedPage): void {
    if (page.body.length > this.maxBytes) return;
    this.map.set(key, page);
    if (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as string);
  }
}
