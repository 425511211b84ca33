// Thread shapes: a root, replies that quote their parent in the replier's
// mailer style (mutt/pine attributions, Outlook's "-----Original Message-----",
// nested "> >" quotes), signatures, list footers, the threading headers each
// mailer wrote (full References, In-Reply-To only, elm's suffix), and orphans.
import { Rng } from './prng';
import { Person, MAILERS, attribution, initials, mailerAt, zoneAt } from './people';
import { Message, ListName, LISTS, Transfer } from './mail';
import { Charset, formatDate, outlookSentDate } from './mime';
import { Domain, LIST_FOOTERS, paragraph, rerunIntro } from './prose';

export class Archive {
  readonly messages: Message[] = [];
  readonly toolCounts = new Map<string, number>();
  private seq = 0;

  constructor(readonly rng: Rng) {}

  /** Count a pasted tool output (for the generator's report) and hand it back. */
  tool(name: string, text: string): string {
    this.toolCounts.set(name, (this.toolCounts.get(name) ?? 0) + 1);
    return text;
  }

  nextSeq(): number {
    return ++this.seq;
  }
}

export interface PostOptions {
  subject?: string;
  to?: string[];
  cc?: string[];
  charset?: Charset;
  transfer?: Transfer;
  flowed?: boolean;
  attachment?: { filename: string; text: string };
  /** full: References + In-Reply-To; irt: In-Reply-To only; none: neither. Default: by mailer. */
  threading?: 'full' | 'irt' | 'none';
  omit?: boolean;
  footer?: boolean;
  signature?: boolean;
  /** A reply that quotes nothing (git send-email patches in a series). */
  noQuote?: boolean;
  /** Minutes after the parent (replies) or exact epoch (roots). */
  delay?: number;
  epoch?: number;
  id?: string;
}

/** The charset a mailer would label this text with: ASCII if it can, Latin-1 for Latin-1 folk, else UTF-8. */
function charsetFor(who: Person, text: string): Charset {
  if (!/[^\x00-\x7f]/.test(text)) return 'us-ascii';
  if (!/[^\x00-\xff]/.test(text) && (who.nameCharset === 'iso-8859-1' || who.mailer === 'outlook')) return 'iso-8859-1';
  return 'utf-8';
}

function defaultTransfer(who: Person, charset: Charset): Transfer {
  if (charset === 'us-ascii') return '7bit';
  if (who.transfer) return who.transfer;
  if (who.mailer === 'mutt' || who.mailer === 'gnus') return '8bit';
  return 'quoted-printable';
}

function signatureOf(who: Person): string {
  return '-- \n' + (who.signature ?? [who.name.split(' ')[0]]).join('\n');
}

/** The received header vger added, in vger's own (US east) time. */
function receivedHeader(a: Archive, who: Person, epoch: number): string {
  const host = who.addr.split('@')[1];
  // documentation address ranges (RFC 5737): never someone's real host
  const ip = `${a.rng.pick(['192.0.2', '198.51.100', '203.0.113'])}.${a.rng.int(1, 254)}`;
  const t = epoch + a.rng.int(20, 600);
  const m = new Date(t * 1000).getUTCMonth();
  const zone = m >= 3 && m <= 9 ? { minutes: -240, name: 'EDT' } : { minutes: -300, name: 'EST' };
  return `Received: from ${host} ([${ip}]:${a.rng.int(1024, 65000)} "EHLO ${host}")\n\tby vger.kernel.org with ESMTP id S${a.rng.int(100000, 999999)}Ab${a.rng.alnum(5, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')};\n\t${formatDate(t, zone, 'mutt')}`;
}

function finish(a: Archive, who: Person, list: ListName, text: string, o: PostOptions): { body: string; quotable: string } {
  let body = text.replace(/\s+$/, '');
  const quotable = body;
  if (o.signature ?? (who.signature !== undefined || a.rng.chance(0.3))) body += '\n\n' + signatureOf(who);
  if (o.footer ?? a.rng.chance(list === 'lkml' ? 0.75 : 0.5)) body += '\n' + LIST_FOOTERS[list];
  return { body: body + '\n', quotable };
}

export function post(a: Archive, list: ListName, who: Person, subject: string, text: string, o: PostOptions = {}): Message {
  const epoch = o.epoch ?? 0;
  const { body, quotable } = finish(a, who, list, text, o);
  const charset = o.charset ?? charsetFor(who, body);
  const mailer = mailerAt(who, epoch, /^diff --git /m.test(text));
  const prof = MAILERS[mailer];
  const m: Message = {
    id: o.id ?? prof.msgid(who, epoch, a.rng, a.nextSeq()), author: who, mailer, epoch, dateStyle: a.rng.pick(prof.dates), subject, list,
    to: o.to ?? [LISTS[list].addr], cc: o.cc ?? [], inReplyTo: null, inReplyToSuffix: '', references: [], body, quotable,
    charset, transfer: o.transfer ?? defaultTransfer(who, charset), flowed: o.flowed ?? false, attachment: o.attachment ?? null,
    boundary: `------------${a.rng.hex(24).toUpperCase()}`, received: receivedHeader(a, who, epoch), omit: o.omit ?? false, parent: null,
  };
  a.messages.push(m);
  return m;
}

/** Quote text the way the replier's mailer does: "> " before plain lines, ">" before quoted ones for some. */
function quote(text: string, who: Person, quoted: Person): string {
  if (who.supercite) return text.split('\n').map((l) => (l === '' ? '' : `${initials(quoted)}> ${l}`)).join('\n');
  const tight = who.mailer === 'thunderbird' || who.mailer === 'netscape' || who.mailer === 'outlook';
  return text.split('\n').map((l) => (l === '' ? '>' : l.startsWith('>') && tight ? `>${l}` : `> ${l}`)).join('\n');
}

/** Paragraphs of the parent a replier would quote: attributions kept with what they introduce, very deep quotes trimmed. */
function quotableChunks(parent: Message, maxLines: number): string[] {
  const paras = parent.quotable.split(/\n\n+/).map((p) => p.split('\n').filter((l) => !/^(> ?){3,}>/.test(l)));
  const chunks: string[] = [];
  for (let i = 0; i < paras.length; i++) {
    let lines = paras[i];
    if (lines.length === 0) continue;
    if (/wrote:$|writes:$|said:$/.test(lines[lines.length - 1]) && i + 1 < paras.length) lines = [...lines, '', ...paras[++i]];
    chunks.push(lines.slice(0, maxLines).join('\n'));
  }
  return chunks;
}

/** References as mailers build them: the parent's References (or its In-Reply-To), then the parent. */
export function referencesFor(parent: Message): string[] {
  const before = parent.references.length ? parent.references : parent.inReplyTo ? [parent.inReplyTo] : [];
  return [...before, parent.id];
}

export function reSubject(subject: string): string {
  return /^re:/i.test(subject) ? subject : `Re: ${subject}`;
}

/**
 * A reply: attribution and quoted parent chunks interleaved with `parts` of own
 * text (Outlook users top-post instead), with the threading headers of the mailer.
 */
export function reply(a: Archive, parent: Message, who: Person, parts: string[], o: PostOptions = {}): Message {
  const r = a.rng;
  const epoch = parent.epoch + 60 * (o.delay ?? r.int(7, 60 * 20));
  let text: string;
  if (o.noQuote) {
    text = parts.join('\n\n');
  } else if (who.mailer === 'outlook') {
    const z = zoneAt(parent.author, parent.epoch);
    text = [...parts, '', '-----Original Message-----', `From: ${parent.author.name} [mailto:${parent.author.addr}]`,
      `Sent: ${outlookSentDate(parent.epoch, z)}`, `To: ${parent.to.join('; ')}`, ...(parent.cc.length ? [`Cc: ${parent.cc.join('; ')}`] : []),
      `Subject: ${parent.subject}`, '', parent.quotable].join('\n');
  } else {
    const chunks = quotableChunks(parent, r.int(6, 14));
    const picked = chunks.length <= parts.length ? chunks : r.sample(chunks.map((c, i) => [i, c] as const), parts.length).sort((x, y) => x[0] - y[0]).map((x) => x[1]);
    const out: string[] = [];
    const attr = attribution(who, parent.author, parent.epoch, r);
    if (attr) out.push(attr);
    parts.forEach((part, i) => {
      if (picked[i]) out.push(quote(picked[i], who, parent.author), '');
      out.push(part, '');
    });
    text = out.join('\n');
  }
  const threading = o.threading ?? (who.mailer === 'pine' || who.mailer === 'elm' ? 'irt' : 'full');
  const list = parent.list;
  const to = o.to ?? (r.chance(0.6) ? [`${parent.author.name} <${parent.author.addr}>`] : [LISTS[list].addr]);
  const cc = o.cc ?? (to[0] === LISTS[list].addr ? [] : [LISTS[list].addr]);
  const m = post(a, list, who, o.subject ?? reSubject(parent.subject), text, { ...o, epoch, to, cc });
  m.parent = parent;
  if (threading !== 'none') m.inReplyTo = parent.id;
  if (threading === 'full') m.references = referencesFor(parent);
  if (who.mailer === 'elm' && threading === 'irt') {
    const d = new Date((parent.epoch + zoneAt(parent.author, parent.epoch).minutes * 60) * 1000);
    const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
    const h = d.getUTCHours();
    m.inReplyToSuffix = ` from "${parent.author.name}" at ${mon} ${String(d.getUTCDate()).padStart(2, '0')}, ${d.getUTCFullYear()} ${String(h % 12 || 12).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
  }
  return m;
}

export interface DiscussionOptions {
  pool: Person[];
  kernels: [string, string];
  /** Own texts for the first replies (tool reruns, answers); the rest are drawn from the prose pools. */
  scripted?: Array<(r: Rng) => string | string[]>;
  /** The thread's benchmark run again on someone else's machine, for unscripted replies now and then. */
  rerun?: (r: Rng) => string;
  /** Make the k-th reply's parent vanish so its children become orphans. */
  orphanAt?: number;
  domain?: Domain;
}

/** Grow a thread by `n` replies, each to a recent message, by people other than its author. */
export function discuss(a: Archive, root: Message, n: number, o: DiscussionOptions): Message[] {
  const r = a.rng;
  const thread = [root];
  for (let i = 0; i < n; i++) {
    const parent = r.chance(0.65) ? thread[thread.length - 1] : r.pick(thread);
    const candidates = o.pool.filter((p) => p !== parent.author);
    const who = i > 0 && r.chance(0.25) && root.author !== parent.author ? root.author : r.pick(candidates);
    const script = o.scripted?.[i];
    let parts: string[];
    if (script) {
      const s = script(r);
      parts = Array.isArray(s) ? s : [s];
    } else if (o.rerun && r.chance(0.25)) {
      parts = [`${rerunIntro(r)}\n\n${o.rerun(r)}`, paragraph(r, o.kernels[0], o.kernels[1], o.domain)];
    } else {
      const say = () => paragraph(r, o.kernels[0], o.kernels[1], o.domain);
      parts = r.chance(0.4) ? [say(), say()] : [say()];
    }
    const orphanParent = o.orphanAt === i;
    const m = reply(a, parent, who, parts, { omit: orphanParent });
    thread.push(m);
    if (orphanParent) {
      // Its replies name it in In-Reply-To only, so nothing links them to the root.
      const child = reply(a, m, r.pick(o.pool.filter((p) => p !== who && p.mailer !== 'outlook')), [paragraph(r, o.kernels[0], o.kernels[1], o.domain)], { threading: 'irt' });
      thread.push(child);
      i++;
    }
  }
  return thread;
}
