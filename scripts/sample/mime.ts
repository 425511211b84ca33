// The mail encodings the sample needs, written out by hand so the bytes never
// depend on a library version: RFC 2047 words, quoted-printable, base64,
// header folding, Date headers in the shapes real mailers wrote, mboxrd.
import iconv from 'iconv-lite';

export type Charset = 'us-ascii' | 'iso-8859-1' | 'utf-8' | 'koi8-r' | 'shift_jis';

/** Text -> bytes in a charset (iconv-lite has fixed tables for these). */
export function encodeText(text: string, charset: Charset): Buffer {
  if (charset === 'us-ascii') return Buffer.from(text, 'latin1');
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  return iconv.encode(text, charset);
}

function hexByte(b: number): string {
  return '=' + b.toString(16).toUpperCase().padStart(2, '0');
}

/** An RFC 2047 encoded-word, Q or B, for a display name or a subject. */
export function encodedWord(text: string, charset: Charset, enc: 'Q' | 'B'): string {
  const bytes = encodeText(text, charset);
  const label = charset === 'utf-8' ? 'UTF-8' : charset.toUpperCase();
  if (enc === 'B') return `=?${label}?B?${bytes.toString('base64')}?=`;
  let q = '';
  for (const b of bytes) {
    if (b === 0x20) q += '_';
    else if (b > 0x20 && b < 0x7f && !'=?_"(),.:;<>@[\\]'.includes(String.fromCharCode(b))) q += String.fromCharCode(b);
    else q += hexByte(b);
  }
  return `=?${label}?Q?${q}?=`;
}

/** Quoted-printable body (RFC 2045): 76-column lines, soft breaks, trailing blanks escaped. */
export function quotedPrintable(bytes: Buffer): string {
  const out: string[] = [];
  const lines = bytes.toString('latin1').split('\n');
  for (const line of lines) {
    const tokens: string[] = [];
    for (let i = 0; i < line.length; i++) {
      const b = line.charCodeAt(i);
      const last = i === line.length - 1;
      if ((b === 0x20 || b === 0x09) && last) tokens.push(hexByte(b));
      else if (b === 0x3d || b > 0x7e || (b < 0x20 && b !== 0x09)) tokens.push(hexByte(b));
      else tokens.push(line[i]);
    }
    let cur = '';
    for (const t of tokens) {
      if (cur.length + t.length > 75) {
        out.push(cur + '=');
        cur = '';
      }
      cur += t;
    }
    out.push(cur);
  }
  return out.join('\n');
}

/** Base64 body in 76-column lines. */
export function base64Body(bytes: Buffer): string {
  const b64 = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\n') + '\n';
}

/** Fold a header of comma-separated items so no line passes 78 columns. */
export function foldList(name: string, items: string[], sep = ', '): string {
  let line = `${name}: `;
  const lines: string[] = [];
  items.forEach((item, i) => {
    const piece = item + (i < items.length - 1 ? sep.trimEnd() : '');
    if (line.length + piece.length + 1 > 78 && line.trim() !== `${name}:`) {
      lines.push(line.trimEnd());
      line = '\t';
    }
    line += piece + (i < items.length - 1 ? ' ' : '');
  });
  lines.push(line.trimEnd());
  return lines.join('\n');
}

/** References folded the way mutt and git do: one id per continuation line. */
export function foldReferences(ids: string[]): string {
  return 'References: ' + ids.map((id) => `<${id}>`).join('\n ');
}

// ---- dates ----

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

export interface Zone {
  minutes: number;   // offset east of UTC
  name: string;      // the comment mailers add: EDT, CEST...
}

/** The broken-down local time of a UTC instant in a zone. */
export function localParts(epoch: number, zone: Zone) {
  const d = new Date((epoch + zone.minutes * 60) * 1000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate(), wday: d.getUTCDay(),
    hour: d.getUTCHours(), min: d.getUTCMinutes(), sec: d.getUTCSeconds(),
  };
}

export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${two(Math.floor(m / 60))}${two(m % 60)}`;
}

/**
 * Date header bodies in the shapes seen on LKML:
 *  pine "Mon, 7 May 2001 12:12:57 -0400 (EDT)", mutt "Mon, 7 May 2001 21:30:48 +0300",
 *  netscape "Mon, 07 May 2001 15:43:51 +0200", evolution "07 Nov 2002 18:48:10 -0500",
 *  obsolete zone names "Wed, 8 Jan 2003 09:05:03 PST", GMT, two-digit years, no seconds.
 */
export type DateStyle = 'pine' | 'mutt' | 'padded' | 'noweekday' | 'zonename' | 'gmt' | 'year2' | 'noseconds';

const OBSOLETE_ZONES: Record<string, number> = { EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

export function formatDate(epoch: number, zone: Zone, style: DateStyle): string {
  if (style === 'gmt') zone = { minutes: 0, name: 'GMT' };
  if (style === 'zonename' && OBSOLETE_ZONES[zone.name] !== zone.minutes) style = 'pine';
  const p = localParts(epoch, zone);
  const off = offsetText(zone.minutes);
  const hms = `${two(p.hour)}:${two(p.min)}:${two(p.sec)}`;
  const wd = DAYS[p.wday];
  const mon = MONTHS[p.month];
  switch (style) {
    case 'pine': return `${wd}, ${p.day} ${mon} ${p.year} ${hms} ${off} (${zone.name})`;
    case 'mutt': return `${wd}, ${p.day} ${mon} ${p.year} ${hms} ${off}`;
    case 'padded': return `${wd}, ${two(p.day)} ${mon} ${p.year} ${hms} ${off}`;
    case 'noweekday': return `${two(p.day)} ${mon} ${p.year} ${hms} ${off}`;
    case 'zonename': return `${wd}, ${p.day} ${mon} ${p.year} ${hms} ${zone.name}`;
    case 'gmt': return `${wd}, ${p.day} ${mon} ${p.year} ${hms} GMT`;
    case 'year2': return `${wd}, ${p.day} ${mon} ${String(p.year % 100).padStart(2, '0')} ${hms} ${off}`;
    case 'noseconds': return `${wd}, ${p.day} ${mon} ${p.year} ${two(p.hour)}:${two(p.min)} ${off}`;
  }
}

/** The asctime() date of an mbox From_ line, in UTC: "Mon May  7 16:12:57 2001". */
export function fromLineDate(epoch: number): string {
  const d = new Date(epoch * 1000);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const hms = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${hms} ${d.getUTCFullYear()}`;
}

/** Mutt's attribution date: "Mon, May 07, 2001 at 12:12:57PM -0400". */
export function muttAttributionDate(epoch: number, zone: Zone): string {
  const p = localParts(epoch, zone);
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const ampm = p.hour < 12 ? 'AM' : 'PM';
  return `${DAYS[p.wday]}, ${MONTHS[p.month]} ${two(p.day)}, ${p.year} at ${two(h12)}:${two(p.min)}:${two(p.sec)}${ampm} ${offsetText(zone.minutes)}`;
}

/** Pine's attribution date: "Mon, 7 May 2001". */
export function pineAttributionDate(epoch: number, zone: Zone): string {
  const p = localParts(epoch, zone);
  return `${DAYS[p.wday]}, ${p.day} ${MONTHS[p.month]} ${p.year}`;
}

/** Evolution's: "2002-11-07 at 17:53". */
export function evolutionAttributionDate(epoch: number, zone: Zone): string {
  const p = localParts(epoch, zone);
  return `${p.year}-${two(p.month + 1)}-${two(p.day)} at ${two(p.hour)}:${two(p.min)}`;
}

/** Outlook's "Sent:" line: "Monday, May 07, 2001 12:12 PM". */
export function outlookSentDate(epoch: number, zone: Zone): string {
  const p = localParts(epoch, zone);
  const full = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][p.wday];
  const fullMonth = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][p.month];
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return `${full}, ${fullMonth} ${two(p.day)}, ${p.year} ${h12}:${two(p.min)} ${p.hour < 12 ? 'AM' : 'PM'}`;
}

// ---- mbox ----

/** mboxrd: every line matching /^>*From / gets one more '>'. Works on bytes (8-bit bodies). */
export function mboxrdEscape(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/^(>*From )/gm, '>$1');
  return Buffer.from(text, 'latin1');
}

/** One mbox entry: From_ line, escaped message, blank separator line. */
export function mboxEntry(envelopeFrom: string, epoch: number, raw: Buffer): Buffer {
  let body = mboxrdEscape(raw);
  if (body[body.length - 1] !== 0x0a) body = Buffer.concat([body, Buffer.from('\n')]);
  return Buffer.concat([Buffer.from(`From ${envelopeFrom} ${fromLineDate(epoch)}\n`, 'latin1'), body, Buffer.from('\n')]);
}
