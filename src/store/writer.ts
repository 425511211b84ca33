import type { DB } from './db';
import type { Processed } from '../ingest/process';
import type { RawPack } from '../core/compress';
import { containerStatements } from './containers';
import { Threader } from '../thread/jwz';
import { saveExtraction, linkOrigins, NOTHING_SAVED, type Written } from './figures';
import { decodeExtraction, NO_EXTRACTION, FIGURE_WIDTH } from '../core/figure-rows';

// The one writer: messages, containers, full-text rows, quarantine and figures,
// one transaction per batch. Readers never write; this never reads for display.

export interface BatchCounts { new: number; present: number; quarantined: number; quarantinePresent: number; figures: number }
export interface QuarantineNote { source: string; offset: number | null; reason: string }
export interface BatchResult { counts: BatchCounts; quarantine: QuarantineNote[]; newIds: string[] }

export class MessageWriter {
  private readonly st;
  private readonly threader: Threader;
  private readonly lists = new Map<string, number>();
  private readonly sources = new Map<string, number>();

  constructor(private readonly db: DB) {
    this.st = {
      exists: db.prepare<[string], { id: number }>('SELECT id FROM messages WHERE message_id = ?'),
      listGet: db.prepare<[string], { id: number }>('SELECT id FROM lists WHERE name = ?'),
      listInsert: db.prepare('INSERT INTO lists (name, list_id) VALUES (?, ?)'),
      insert: db.prepare(`INSERT INTO messages (message_id, synthetic_id, list_id, thread_id, subject, norm_subject,
        is_reply, from_name, from_addr, to_addrs, cc_addrs, date, date_raw, date_source, in_reply_to, refs,
        raw_sha256, raw_size, raw, raw_pack, raw_offset, body_chars, imported_at, source_id)
        VALUES (@messageId, @synthetic, @listId, @threadId, @subject, @normSubject, @isReply, @fromName, @fromAddr,
        @to, @cc, @date, @dateRaw, @dateSource, @inReplyTo, @refs, @sha, @rawSize, x'', @pack, @packOffset, @bodyChars, @now, @sourceId)`),
      pack: db.prepare('INSERT INTO raw_packs (data) VALUES (?)'),
      sourceGet: db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE name = ?'),
      sourceInsert: db.prepare('INSERT INTO sources (name) VALUES (?)'),
      fts: db.prepare('INSERT INTO messages_fts (rowid, subject, sender, to_addrs, cc_addrs, nq, q) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      quarantine: db.prepare(`INSERT OR IGNORE INTO quarantine (source, offset, reason, raw_sha256, raw_size, raw, at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
    };
    this.threader = new Threader(containerStatements(db));
  }

  /** Writes one batch in one transaction; `inside` runs in the same transaction (sync state). */
  writeBatch(batch: Processed[], opts: { list?: string; extract: boolean }, inside?: () => void): BatchResult {
    const counts: BatchCounts = { new: 0, present: 0, quarantined: 0, quarantinePresent: 0, figures: 0 };
    const quarantine: QuarantineNote[] = [];
    const newIds: string[] = [];
    const written: Written = new Map();
    const packs: RawPack[] = []; // stored by this transaction
    const now = Math.floor(Date.now() / 1000);
    this.threader.moved.clear();
    const write = this.db.transaction(() => {
      for (const p of batch) {
        if (!p.ok) {
          const r = this.st.quarantine.run(p.source, p.offset, p.reason, p.sha256, p.rawSize, p.deflated, now);
          if (r.changes) counts.quarantined++; else counts.quarantinePresent++;
          quarantine.push({ source: p.source, offset: p.offset, reason: p.reason });
          continue;
        }
        const m = p.parsed;
        if (this.st.exists.get(m.messageId)) { counts.present++; continue; }
        const listId = this.listId(m.listName ?? opts.list ?? 'misc', m.listName ? m.listId : null);
        const threadId = this.threader.add({
          messageId: m.messageId, references: m.references, inReplyTo: m.inReplyTo,
          normSubject: m.normSubject, isReply: m.isReply, listRowId: listId, date: m.date,
        });
        const refs = m.references.join(' ');
        const info = this.st.insert.run({
          messageId: m.messageId, synthetic: m.syntheticId ? 1 : 0, listId, threadId, subject: m.subject,
          normSubject: m.normSubject, isReply: m.isReply ? 1 : 0, fromName: m.fromName, fromAddr: m.fromAddr,
          to: m.to, cc: m.cc, date: m.date, dateRaw: m.dateRaw, dateSource: m.dateSource, inReplyTo: m.inReplyTo,
          refs, sha: p.sha256, rawSize: p.rawSize, pack: this.packRow(p.packed.pack, packs),
          packOffset: p.packed.offset, bodyChars: p.bodyChars,
          now, sourceId: this.sourceId(p.source),
        });
        this.st.fts.run(info.lastInsertRowid, m.subject, `${m.fromName} ${m.fromAddr}`, m.to, m.cc, p.nq, p.q);
        // a message without figures is still marked written: linking then skips it without a lookup
        if (p.extraction === NO_EXTRACTION) written.set(m.messageId, NOTHING_SAVED);
        else if (p.extraction) {
          const rows = decodeExtraction(p.extraction);
          const saved = saveExtraction(this.db, Number(info.lastInsertRowid), m.messageId, rows, true);
          counts.figures += rows.figures.length / FIGURE_WIDTH;
          saved.message = { message_id: m.messageId, thread_id: threadId, refs, date: m.date, from_name: m.fromName, from_addr: m.fromAddr };
          written.set(m.messageId, saved);
        }
        counts.new++;
        newIds.push(m.messageId);
      }
      // a message that a later one regrouped is read back for its thread
      for (const id of this.threader.moved) { const w = written.get(id); if (w?.message) w.message = undefined; }
      if (opts.extract && newIds.length) linkOrigins(this.db, newIds, written);
      inside?.();
    });
    try {
      write();
    } catch (e) {
      // Rolled back: forget the row ids this transaction made, so a retry of the batch
      // (import does one after a full disk) stores them again instead of pointing at nothing.
      for (const k of packs) k.row = null;
      this.lists.clear();
      this.sources.clear();
      throw e;
    }
    return { counts, quarantine, newIds };
  }

  /**
   * A pack is stored with its first new member. Members already stored before still
   * take their bytes' room in it: only a re-import of overlapping archives pays that.
   */
  private packRow(pack: RawPack, stored: RawPack[]): number {
    if (pack.row === null) {
      pack.row = Number(this.st.pack.run(pack.data).lastInsertRowid);
      stored.push(pack);
    }
    return pack.row;
  }

  private sourceId(name: string): number {
    const cached = this.sources.get(name);
    if (cached !== undefined) return cached;
    const id = this.st.sourceGet.get(name)?.id ?? Number(this.st.sourceInsert.run(name).lastInsertRowid);
    if (this.sources.size > 10000) this.sources.clear(); // Maildir and git sources are one per message
    this.sources.set(name, id);
    return id;
  }

  private listId(name: string, header: string | null): number {
    const cached = this.lists.get(name);
    if (cached !== undefined) return cached;
    let row = this.st.listGet.get(name);
    if (!row) row = { id: Number(this.st.listInsert.run(name, header).lastInsertRowid) };
    this.lists.set(name, row.id);
    return row.id;
  }
}
