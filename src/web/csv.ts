// CSV cells for the explorer's CSV twin (RFC 4180 quoting). Cells that a spreadsheet would run as a
// formula (=, +, -, @ first) get a leading quote mark, since the text comes from mail.
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
