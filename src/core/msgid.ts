// Message-ID forms a user may type (as b4 accepts them): bare id, <id>, id:id,
// or a lore-style URL https://host/list/ID/ (with %2F for '/').
export function normalizeMsgId(input: string): string {
  let s = input.trim();
  const url = /^https?:\/\/[^/]+\/(?:[^/]+\/)?([^/?#]+)\/?/i.exec(s);
  if (url) {
    // "/r/" and list names are path segments; the id is the segment holding '@' or the last one
    const segs = s.replace(/^https?:\/\/[^/]+\//i, '').split(/[?#]/)[0].split('/').filter(Boolean);
    const withAt = segs.find((x) => decodeURIComponent(x).includes('@'));
    s = decodeURIComponent(withAt ?? segs[segs.length - 1] ?? url[1]);
  }
  if (s.startsWith('id:')) s = s.slice(3);
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1);
  return s.trim();
}

/** Message-ID as it stands in a URL path segment: '/' becomes %2F, as on lore. */
export function msgIdToPath(id: string): string {
  return encodeURIComponent(id).replace(/%40/g, '@').replace(/%2B/g, '+').replace(/%3D/g, '=')
    .replace(/%24/g, '$').replace(/%26/g, '&').replace(/%2C/g, ',').replace(/%3A/g, ':');
}
