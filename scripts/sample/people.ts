// The invented posters of the sample, and the mail programs they use. Every
// name, address and domain here is made up; the mailer decides the shape of the
// Message-ID, the Date header and the attribution line, as it did on LKML.
import { Rng } from './prng';
import {
  Charset, DateStyle, Zone, encodedWord, localParts, muttAttributionDate, pineAttributionDate,
  evolutionAttributionDate,
} from './mime';

export type MailerId = 'mutt' | 'pine' | 'netscape' | 'evolution' | 'elm' | 'outlook' | 'kmail' | 'thunderbird' | 'gnus' | 'git';

export interface Person {
  name: string;
  addr: string;
  mailer: MailerId;
  winter: Zone;
  summer: Zone;
  /** How the display name is written in From/To/Cc when it is not ASCII. */
  nameCharset?: Charset;
  nameEncoding?: 'Q' | 'B';
  signature?: string[];
  org?: string;
  /** Quotes with the quoted person's initials ("MF> "), as Emacs supercite did. */
  supercite?: boolean;
  /** Body transfer encoding the mailer picks for non-ASCII text (default: by mailer). */
  transfer?: 'quoted-printable' | 'base64' | '8bit';
}

const Z = (minutes: number, name: string): Zone => ({ minutes, name });
const US_EAST = [Z(-300, 'EST'), Z(-240, 'EDT')] as const;
const US_WEST = [Z(-480, 'PST'), Z(-420, 'PDT')] as const;
const US_CENTRAL = [Z(-360, 'CST'), Z(-300, 'CDT')] as const;
const CET = [Z(60, 'CET'), Z(120, 'CEST')] as const;
const UK = [Z(0, 'GMT'), Z(60, 'BST')] as const;
const EET = [Z(120, 'EET'), Z(180, 'EEST')] as const;
const MSK = [Z(180, 'MSK'), Z(240, 'MSD')] as const;
const JST = [Z(540, 'JST'), Z(540, 'JST')] as const;
const IST = [Z(330, 'IST'), Z(330, 'IST')] as const;
const AEST = [Z(660, 'EST'), Z(600, 'EST')] as const;

function p(name: string, addr: string, mailer: MailerId, zones: readonly [Zone, Zone], extra: Partial<Person> = {}): Person {
  return { name, addr, mailer, winter: zones[0], summer: zones[1], ...extra };
}

export const PEOPLE: Person[] = [
  p('Dale Whitcombe', 'dalew@hollowbrook.net', 'mutt', US_WEST, { signature: ['Dale'] }),
  p('Marcus Feldhaus', 'mfeldhaus@tarnwood.org', 'pine', US_EAST, { signature: ['Marcus Feldhaus', 'Tarnwood Systems, storage group'] }),
  p('Jörg Hämmerle', 'joerg@hammerle-it.de', 'mutt', CET, { nameCharset: 'iso-8859-1', nameEncoding: 'Q', signature: ['Gruss,', 'Jörg'] }),
  p('François Lefèvre', 'flefevre@quillon.fr', 'kmail', CET, { nameCharset: 'iso-8859-1', nameEncoding: 'Q' }),
  p('Ørjan Sæther', 'orjan@fjordbit.no', 'gnus', CET, { nameCharset: 'iso-8859-1', nameEncoding: 'B', supercite: true }),
  p('Łukasz Wierzbicki', 'lukasz.w@vistula-net.pl', 'thunderbird', CET, { nameCharset: 'utf-8', nameEncoding: 'B' }),
  p('Zoltán Bárány', 'zbarany@pusztalab.hu', 'evolution', CET, { nameCharset: 'utf-8', nameEncoding: 'Q' }),
  p('Дмитрий Соколов', 'dsokolov@volga-soft.ru', 'mutt', MSK, { nameCharset: 'koi8-r', nameEncoding: 'B', signature: ['Dmitry'] }),
  p('高橋 健一', 'k-takahashi@sakura-lab.jp', 'thunderbird', JST, { nameCharset: 'utf-8', nameEncoding: 'B' }),
  p('Hank Oberlin', 'hank@oberlin-consulting.com', 'outlook', US_CENTRAL, { org: 'Oberlin Consulting', signature: ['Hank Oberlin · Oberlin Consulting', 'Performance engineering since 1989'] }),
  p('Priya Raghunathan', 'priya.r@indus-compute.in', 'outlook', IST, { transfer: 'base64', signature: ['Regards,', 'Priya Raghunathan — Indus Compute'] }),
  p('Wesley Achterberg', 'wes@achterberg.nl', 'mutt', CET, { signature: ['Wes'] }),
  p('Bronwyn Callaghan', 'bronwyn@emucorp.com.au', 'evolution', AEST),
  p('Theo Markwell', 'tmarkwell@stonegate-uk.co.uk', 'elm', UK),
  p('Nils Ekström', 'nils@ekstrom.se', 'gnus', CET, { nameCharset: 'iso-8859-1', nameEncoding: 'Q' }),
  p('Gary Pettibone', 'garyp@pettibone.org', 'netscape', US_EAST, { org: 'Pettibone Labs' }),
  p('Samantha Kreel', 'skreel@rivermint.com', 'kmail', US_WEST),
  p('Oskar Lindqvist', 'oskar@lindqvist-data.se', 'pine', CET, { signature: ['/Oskar'] }),
  p('Rafael Quintero', 'rquintero@ondaviva.es', 'thunderbird', CET),
  p('Ivo Petrov', 'ivo@balkanwire.bg', 'mutt', EET),
  p('Craig Dunmore', 'cdunmore@ferncastle.com', 'git', US_WEST, { signature: ['Craig'] }),
  p('Anneliese Voss', 'avoss@hanse-kernel.de', 'git', CET),
  p('Tobias Rendle', 'tobias@rendle.io', 'git', UK),
  p('Mei-Ling Chau', 'mlchau@harbourcompute.hk', 'evolution', [Z(480, 'HKT'), Z(480, 'HKT')]),
  p('Eero Salminen', 'eero.salminen@tundranet.fi', 'mutt', EET, { signature: ['Eero'] }),
  p('Victor Amsel', 'vamsel@amsel-systems.com', 'netscape', US_EAST),
  p('Bill Thorncastle', 'bthorn@thorncastle.net', 'pine', US_CENTRAL),
  p('Karen Osei', 'kosei@lagoonworks.com', 'thunderbird', UK),
];

export function person(name: string): Person {
  const found = PEOPLE.find((x) => x.name === name);
  if (!found) throw new Error(`no such sample person: ${name}`);
  return found;
}

/** The zone a person's mailer used on that day (summer time from April to October). */
export function zoneAt(who: Person, epoch: number): Zone {
  const m = new Date(epoch * 1000).getUTCMonth();
  return m >= 3 && m <= 9 ? who.summer : who.winter;
}

/** "Name <addr>" with the name RFC 2047-encoded or quoted as the mailer would. */
export function mailbox(who: Person): string {
  if (who.nameCharset) return `${encodedWord(who.name, who.nameCharset, who.nameEncoding ?? 'Q')} <${who.addr}>`;
  if (/[.,]/.test(who.name)) return `"${who.name}" <${who.addr}>`;
  return `${who.name} <${who.addr}>`;
}

interface MailerProfile {
  headers: string[];
  dates: DateStyle[];
  /** Message-ID without brackets. */
  msgid(who: Person, epoch: number, rng: Rng, seq: number): string;
}

const two = (n: number) => String(n).padStart(2, '0');
const host = (who: Person) => who.addr.split('@')[1];
const user = (who: Person) => who.addr.split('@')[0];

function stamp(who: Person, epoch: number): string {
  const t = localParts(epoch, zoneAt(who, epoch));
  return `${t.year}${two(t.month + 1)}${two(t.day)}${two(t.hour)}${two(t.min)}${two(t.sec)}`;
}

export const MAILERS: Record<MailerId, MailerProfile> = {
  mutt: { headers: ['User-Agent: Mutt/1.4.1i'], dates: ['mutt', 'mutt', 'noseconds'],
    msgid: (w, e, r) => `${stamp(w, e)}.${r.pick(['A', 'B', 'C', 'GA', 'GB'])}${r.int(1000, 32000)}@${host(w)}` },
  pine: { headers: [], dates: ['pine'],
    msgid: (w, e, r) => `Pine.LNX.4.${r.pick(['21', '33', '44', '58'])}.${stamp(w, e).slice(2, 12)}${r.int(100, 999)}.${r.int(1000, 30000)}-100000@${host(w)}` },
  netscape: { headers: ['X-Mailer: Mozilla 4.76 [en] (X11; U; Linux 2.4.2 i686)', 'X-Accept-Language: en'], dates: ['padded'],
    msgid: (w, e, r) => `${e.toString(16).toUpperCase()}.${r.hex(8).toUpperCase()}@${host(w)}` },
  evolution: { headers: ['X-Mailer: Ximian Evolution 1.4.5'], dates: ['noweekday'],
    msgid: (w, e, r) => `${e}.${r.int(700, 9000)}.${r.int(1, 300)}.camel@${user(w).replace(/\W/g, '')}-laptop` },
  elm: { headers: ['X-Mailer: ELM [version 2.5 PL6]'], dates: ['zonename', 'gmt'],
    msgid: (w, e, r) => `E1${r.alnum(5)}-000${r.int(1, 7)}${r.alnum(2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}-00@${host(w)}` },
  outlook: { headers: ['X-Mailer: Microsoft Outlook, Build 10.0.4510', 'X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1165'], dates: ['padded'],
    msgid: (w, _e, r) => `${r.hex(6)}01c${r.hex(3)}$${r.hex(8)}$${r.hex(8)}@${host(w)}` },
  kmail: { headers: ['User-Agent: KMail/1.5.4'], dates: ['mutt'],
    msgid: (w, e, r) => `${stamp(w, e).slice(0, 12)}.${r.int(10000, 40000)}.${user(w)}@${host(w)}` },
  thunderbird: { headers: ['User-Agent: Mozilla Thunderbird 1.0.2 (X11/20050317)'], dates: ['padded', 'year2'],
    msgid: (w, e, r) => `${e.toString(16).toUpperCase()}.${r.int(1000000, 9999999)}@${host(w)}` },
  gnus: { headers: ['User-Agent: Gnus/5.1006 (Gnus v5.10.6) Emacs/21.4 (gnu/linux)'], dates: ['mutt'],
    msgid: (w, _e, r) => `${r.alnum(2, 'abcdefghijklmnopqrstuvwxyz')}${r.int(1, 9)}${r.alnum(7, 'abcdefghijklmnopqrstuvwxyz0123456789')}.fsf@${host(w)}` },
  git: { headers: ['X-Mailer: git-send-email 1.5.4'], dates: ['mutt'],
    msgid: (w, e, _r, seq) => `${e}-${(e % 9000) + 1000}-${seq}-git-send-email-${user(w)}@${host(w)}` },
};

/** "Marcus Feldhaus" -> "MF", for supercite prefixes. */
export function initials(who: Person): string {
  return who.name.split(/[\s-]+/).map((w) => w[0]).join('').toUpperCase();
}

/** Version strings that fit the date: nobody sent mail with Mutt 1.5.21 in 2001. */
const VERSIONS: Partial<Record<MailerId, Array<[string, string]>>> = {
  mutt: [['2002-06', 'User-Agent: Mutt/1.2.5i'], ['2004-01', 'User-Agent: Mutt/1.4i'], ['2010-01', 'User-Agent: Mutt/1.5.9i'], ['9999', 'User-Agent: Mutt/1.10.1 (2018-07-13)']],
  evolution: [['2002-01', 'X-Mailer: Ximian Evolution 0.10'], ['2004-01', 'X-Mailer: Ximian Evolution 1.2.2'], ['2009-01', 'X-Mailer: Evolution 2.6.0'], ['9999', 'X-Mailer: Evolution 3.28.5-0ubuntu0.18.04.1']],
  kmail: [['2003-01', 'User-Agent: KMail/1.4.3'], ['2009-01', 'User-Agent: KMail/1.9.1'], ['9999', 'User-Agent: KMail/5.2.3']],
  thunderbird: [['2006-01', 'User-Agent: Mozilla Thunderbird 1.0.2 (X11/20050317)'], ['2012-01', 'User-Agent: Thunderbird 2.0.0.21 (X11/20090302)'],
    ['9999', 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:60.0) Gecko/20100101 Thunderbird/60.4.0']],
  gnus: [['2004-01', 'User-Agent: Gnus/5.090006 (Oort Gnus v0.06) Emacs/21.2'], ['9999', 'User-Agent: Gnus/5.13 (Gnus v5.13) Emacs/26.1 (gnu/linux)']],
  netscape: [['2004-01', 'X-Mailer: Mozilla 4.76 [en] (X11; U; Linux 2.4.2 i686)'], ['2010-01', 'User-Agent: Mozilla/5.0 (X11; U; Linux i686; en-US; rv:1.7.12) Gecko/20050915'],
    ['9999', 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:60.0) Gecko/20100101 Thunderbird/60.4.0']],
  outlook: [['2008-01', 'X-Mailer: Microsoft Outlook, Build 10.0.4510'], ['9999', 'X-Mailer: Microsoft Outlook 16.0']],
  git: [['2010-01', 'X-Mailer: git-send-email 1.5.4.3'], ['2017-01', 'X-Mailer: git-send-email 2.1.4'], ['9999', 'X-Mailer: git-send-email 2.20.1']],
};

/** The program a person used on that date: git users before git existed used mutt, Thunderbird users Netscape. */
export function mailerAt(who: Person, epoch: number, isPatch: boolean): MailerId {
  const year = new Date(epoch * 1000).getUTCFullYear();
  if (who.mailer === 'git') return isPatch && year >= 2006 ? 'git' : 'mutt';
  if (who.mailer === 'thunderbird' && year < 2004) return 'netscape';
  return who.mailer;
}

/** The X-Mailer / User-Agent lines of a mailer on a date. */
export function mailerHeaders(mailer: MailerId, epoch: number): string[] {
  const stamp = new Date(epoch * 1000).toISOString().slice(0, 7);
  const found = VERSIONS[mailer]?.find(([until]) => stamp < until);
  return found ? [found[1], ...MAILERS[mailer].headers.slice(1)] : MAILERS[mailer].headers;
}

const WDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The line a reply opens with, in the style of the replier's mailer ('' for Outlook: it pastes a header block). */
export function attribution(replier: Person, quoted: Person, quotedEpoch: number, rng: Rng): string {
  const z = zoneAt(quoted, quotedEpoch);
  if (replier.supercite) return `>>>>> "${initials(quoted)}" == ${quoted.name} <${quoted.addr}> writes:`;
  const t = localParts(quotedEpoch, z);
  switch (replier.mailer) {
    case 'mutt': case 'git': return `On ${muttAttributionDate(quotedEpoch, z)}, ${quoted.name} wrote:`;
    case 'pine': return `On ${pineAttributionDate(quotedEpoch, z)}, ${quoted.name} wrote:`;
    case 'evolution': return `On ${WDAY[t.wday].slice(0, 3)}, ${evolutionAttributionDate(quotedEpoch, z)}, ${quoted.name} wrote:`;
    case 'netscape': case 'thunderbird': return `${quoted.name} wrote:`;
    case 'kmail': return `On ${WDAY[t.wday]} ${t.day} ${MONTH[t.month]} ${t.year} ${two(t.hour)}:${two(t.min)}, ${quoted.name} wrote:`;
    case 'gnus': return `${quoted.name} <${quoted.addr}> writes:`;
    case 'elm': return rng.chance(0.5) ? `${quoted.name} wrote:` : `${quoted.name} said:`;
    case 'outlook': return '';
  }
}
