import crypto from 'node:crypto';
import type { ContainerStatements } from '../store/containers';

// JWZ threading, incremental and order-independent: every Message-ID seen (real or
// only referenced) is a container with a parent. A message's own References /
// In-Reply-To decide its parent; a placeholder takes its parent from the first
// chain that names it. A reply with no references joins, by normalised subject,
// the earliest non-reply with that subject in the same list. The thread id is the
// Message-ID of the root container, usually References[0], so it is known from the
// first reply on and does not change when the root arrives later.

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
  constructor(private readonly s: ContainerStatements) {}

  /** Links one new message into the container tree; returns its thread id. */
  add(m: ThreadInput): string {
    const chain = m.references.slice();
    if (m.inReplyTo && chain[chain.length - 1] !== m.inReplyTo && !chain.includes(m.inReplyTo)) chain.push(m.inReplyTo);
    const ids = dedupe(chain.filter((id) => id !== m.messageId));
    const touched: string[] = [];

    for (let i = 0; i < ids.length; i++) {
      const c = this.ensure(ids[i]);
      if (i > 0 && c.parent_id === null && this.canLink(ids[i], ids[i - 1])) {
        this.s.setParent.run(ids[i - 1], 'placeholder', ids[i]);
        touched.push(ids[i]);
      }
    }
    const self = this.s.get.get(m.messageId);
    if (!self) this.s.insert.run(m.messageId, null, null, m.messageId, 1);
    else this.s.setReal.run(m.messageId);
    touched.push(m.messageId);

    if (ids.length) {
      const parent = ids[ids.length - 1];
      const how = m.references.length ? 'refs' : 'in_reply_to';
      if (this.canLink(m.messageId, parent)) this.s.setParent.run(parent, how, m.messageId);
    }
    for (const id of touched) this.retag(id);
    touched.length = 0;
    if (m.normSubject) this.joinBySubject(m, touched);
    for (const id of touched) this.retag(id);
    return this.s.get.get(m.messageId)!.thread_id;
  }

  /**
   * JWZ's subject grouping, applied to thread roots: a thread whose root is a
   * placeholder or a reply joins the earliest original (non-reply) with the same
   * normalised subject; an original arriving later adopts such threads.
   */
  private joinBySubject(m: ThreadInput, touched: string[]): void {
    const date = m.date ?? 0;
    if (m.isReply) {
      const root = this.rootOf(m.messageId);
      const rc = this.s.get.get(root);
      const eligible = rc && rc.parent_id === null && (rc.real === 0 || root === m.messageId || this.s.isReplyMessage.get(root)?.is_reply === 1);
      if (eligible) {
        // No original yet: a dummy container per subject gathers the reply threads
        // (JWZ's dummy), and the original adopts the dummy when it arrives.
        const t = this.s.subjectRoot.get(m.normSubject, m.listRowId, m.date ?? Number.MAX_SAFE_INTEGER)?.message_id
          ?? subjectDummyId(m.listRowId, m.normSubject);
        if (t !== root && this.rootOf(t) !== root && this.canLink(root, t)) {
          this.ensure(t);
          this.s.setParent.run(t, 'subject', root);
          touched.push(root);
        }
      }
      return;
    }
    for (const o of this.s.adoptable.all(m.normSubject, m.listRowId, date, m.messageId, m.normSubject, m.listRowId, date, date, m.messageId)) {
      if (this.rootOf(m.messageId) === o.message_id || !this.canLink(o.message_id, m.messageId)) continue;
      this.s.setParent.run(m.messageId, 'subject', o.message_id);
      touched.push(o.message_id);
    }
  }

  private ensure(id: string) {
    const c = this.s.get.get(id);
    if (c) return c;
    this.s.insert.run(id, null, null, id, 0);
    return { message_id: id, parent_id: null, parent_how: null, thread_id: id, real: 0 };
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

  /** Gives the subtree under `id` the thread id of its root. */
  private retag(id: string): void {
    const c = this.s.get.get(id);
    if (!c) return;
    const root = this.rootOf(id);
    if (c.thread_id === root) return;
    if (c.thread_id === id) {
      // id was the root of its thread: the whole thread moves under the new root.
      this.s.retagThread.run(root, id);
      this.s.retagThreadMessages.run(root, id);
      return;
    }
    for (const { message_id } of this.s.subtree.all(id)) {
      this.s.retagOne.run(root, message_id);
      this.s.retagOneMessage.run(root, message_id);
    }
  }
}

/** The id of the dummy container that holds reply threads of one subject. */
export function subjectDummyId(listRowId: number, normSubject: string): string {
  return `subject-${listRowId}-${crypto.createHash('sha1').update(normSubject).digest('hex').slice(0, 16)}@benchmail.invalid`;
}

function dedupe(ids: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ids) if (!seen.has(id)) { seen.add(id); out.push(id); }
  return out;
}
