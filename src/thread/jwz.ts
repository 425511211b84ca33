import crypto from 'node:crypto';
import type { ContainerStatements } from '../store/containers';

// JWZ threading, incremental and independent of import order, in two layers.
// 1. Reference tree: every Message-ID seen (real or only referenced) is a container.
//    A message's own References / In-Reply-To decide its parent; a placeholder takes
//    its parent from the first chain naming it. containers.thread_id is the root of
//    this tree (usually References[0], so known from the first reply on).
// 2. Subject grouping (JWZ step 5), recomputed from the stored set each time it can
//    change: a reference tree whose root is a real original is its own thread; a tree
//    rooted in a placeholder or a reply joins the earliest original with the subject of
//    its earliest message, or, while there is none, a dummy per subject.
//    messages.thread_id holds the result.

export interface ThreadInput {
  messageId: string;
  references: string[];
  inReplyTo: string | null;
  normSubject: string;
  isReply: boolean;
  listRowId: number;
  date: number | null;
}

const MAX_WALK = 10000;

export class Threader {
  /** Stored messages whose thread_id this threader changed since the caller last cleared it. */
  readonly moved = new Set<string>();

  constructor(private readonly s: ContainerStatements) {}

  /**
   * Links a message into the tree and returns its thread id. Called before the
   * message row is written (rows are large: writing one twice is what costs).
   */
  add(m: ThreadInput): string {
    const chain = m.references.slice();
    if (m.inReplyTo && !chain.includes(m.inReplyTo)) chain.push(m.inReplyTo);
    const ids = dedupe(chain.filter((id) => id !== m.messageId));
    const moved: string[] = []; // existing containers whose reference root may change

    // New containers are born with their parent and root; only containers that
    // already existed (and may have children) need their subtree re-rooted.
    let prevRoot: string | null = null;
    for (let i = 0; i < ids.length; i++) {
      const c = this.s.get.get(ids[i]);
      if (!c) {
        const parent = i > 0 ? ids[i - 1] : null;
        const root: string = prevRoot ?? ids[i];
        this.s.insert.run(ids[i], parent, parent ? 'placeholder' : null, root, 0);
        prevRoot = root;
        continue;
      }
      if (i > 0 && c.parent_id === null && this.canLink(ids[i], ids[i - 1])) {
        this.s.setParent.run(ids[i - 1], 'placeholder', ids[i]);
        this.reroot(ids[i], moved);
      }
      prevRoot = this.s.get.get(ids[i])!.thread_id;
    }
    const parent = ids.length ? ids[ids.length - 1] : null;
    const how = m.references.length ? 'refs' : 'in_reply_to';
    const self = this.s.get.get(m.messageId);
    if (!self) {
      this.s.insert.run(m.messageId, parent, parent ? how : null, parent ? this.s.get.get(parent)!.thread_id : m.messageId, 1);
    } else {
      this.s.setReal.run(m.messageId);
      if (parent && self.parent_id !== parent && this.canLink(m.messageId, parent)) {
        this.s.setParent.run(parent, how, m.messageId);
        this.reroot(m.messageId, moved);
      }
    }
    const root = this.s.get.get(m.messageId)!.thread_id;
    const groups = new Set<string>([root, ...moved]);
    // Trees that joined a moved tree by subject still carry its old name: regroup them too.
    for (const old of moved) for (const t of this.s.treesInThread.all(old)) groups.add(t.thread_id);
    if (!m.isReply && m.normSubject) {
      // A new original may be the one that reply trees with its subject join.
      for (const g of this.s.replyGroupsBySubject.all(m.normSubject, m.listRowId)) groups.add(g.thread_id);
    }
    // The common case: a reply joins a tree rooted in a stored original, and nothing
    // else moved. That tree's messages already carry the root's name (set when the
    // root arrived), so there is nothing to regroup.
    if (groups.size === 1 && root !== m.messageId && this.s.messageInfo.get(root)?.is_reply === 0) return root;
    let thread = root;
    for (const g of groups) {
      const t = this.regroup(g, m);
      if (g === root) thread = t;
    }
    return thread;
  }

  /** After a parent change: the subtree under `id` takes its new reference root. */
  private reroot(id: string, moved: string[]): void {
    const c = this.s.get.get(id)!;
    const root = this.rootOf(id);
    if (c.thread_id === root) return;
    moved.push(c.thread_id);
    if (c.thread_id === id) this.s.retagThread.run(root, id); // id was a root: its whole tree moves
    else for (const { message_id } of this.s.subtree.all(id)) this.s.retagOne.run(root, message_id);
  }

  /**
   * Sets messages.thread_id for every message of one reference tree; `m` (not yet
   * stored) counts as a member when it is in the tree. Returns the tree's thread id.
   */
  regroup(root: string, m: ThreadInput): string {
    const inTree = this.s.get.get(m.messageId)?.thread_id === root;
    let top: { norm_subject: string; list_id: number; date: number | null; is_reply: number } | undefined = this.s.earliestInTree.get(root);
    if (inTree && (!top || before(m.date, m.messageId, top.date, (top as { message_id?: string }).message_id ?? ''))) {
      top = { norm_subject: m.normSubject, list_id: m.listRowId, date: m.date, is_reply: m.isReply ? 1 : 0 };
    }
    if (!top) { this.s.floatDel.run(root); return root; } // no stored message in this tree (yet), or merged away
    const rootIsOriginal = root === m.messageId ? !m.isReply : this.s.messageInfo.get(root)?.is_reply === 0;
    // keep the list of trees subject grouping may move true (see replyGroupsBySubject)
    if (!rootIsOriginal && top.norm_subject) this.s.floatSet.run(root, top.norm_subject, top.list_id);
    else this.s.floatDel.run(root);
    let thread = root;
    if (!rootIsOriginal && top.norm_subject) {
      const found = this.s.subjectOriginal.get(top.norm_subject, top.list_id, top.date ?? Number.MAX_SAFE_INTEGER);
      let original = found?.message_id;
      // m is not stored yet: it competes as an original by the same rule.
      if (!m.isReply && m.normSubject === top.norm_subject && m.listRowId === top.list_id &&
          (m.date ?? 0) <= (top.date ?? Number.MAX_SAFE_INTEGER) &&
          (!found || before(found.date, found.message_id, m.date, m.messageId))) original = m.messageId;
      if (original) thread = this.s.get.get(original)?.thread_id ?? original;
      else if (top.is_reply) thread = subjectDummyId(top.list_id, top.norm_subject);
    }
    for (const r of this.s.treeMembersToMove.all(root, thread)) {
      this.s.setMessageThread.run(thread, r.message_id);
      this.moved.add(r.message_id);
    }
    return thread;
  }

  /** false when making `parent` the parent of `child` would close a loop. */
  private canLink(child: string, parent: string): boolean {
    let cur: string | null = parent;
    for (let n = 0; cur !== null && n < MAX_WALK; n++) {
      if (cur === child) return false;
      cur = this.s.parentOf.get(cur)?.parent_id ?? null;
    }
    return cur === null;
  }

  rootOf(id: string): string {
    let cur = id;
    for (let n = 0; n < MAX_WALK; n++) {
      const p = this.s.parentOf.get(cur)?.parent_id;
      if (!p) return cur;
      cur = p;
    }
    return cur;
  }
}

/** The id of the dummy thread that holds reply trees of one subject. */
export function subjectDummyId(listRowId: number, normSubject: string): string {
  return `subject-${listRowId}-${crypto.createHash('sha1').update(normSubject).digest('hex').slice(0, 16)}@benchmail.invalid`;
}

/** (date, id) ordering with unknown dates last, as ORDER BY date, message_id. */
function before(d1: number | null, id1: string, d2: number | null, id2: string): boolean {
  if (d1 === d2) return id1 < id2;
  if (d1 === null) return true; // SQLite sorts NULL first
  if (d2 === null) return false;
  return d1 < d2;
}

function dedupe(ids: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ids) if (!seen.has(id)) { seen.add(id); out.push(id); }
  return out;
}
