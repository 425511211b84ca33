import type { MessageRow, ContainerRow } from '../../store/read';

// A thread as a tree, from the stored JWZ containers (placeholders included, so a
// missing parent shows as a gap rather than re-parenting its replies).

export interface TreeNode { messageId: string; depth: number; message: MessageRow | null }

export function threadTree(messages: MessageRow[], containers: ContainerRow[]): TreeNode[] {
  const byId = new Map(messages.map((m) => [m.messageId, m]));
  const parent = new Map<string, string | null>();
  for (const c of containers) parent.set(c.messageId, c.parentId);
  // Messages without a container (an import that stored none): parent from In-Reply-To / References.
  for (const m of messages) {
    if (parent.has(m.messageId)) continue;
    const p = m.inReplyTo && byId.has(m.inReplyTo) ? m.inReplyTo : [...m.refs].reverse().find((r) => byId.has(r)) ?? null;
    parent.set(m.messageId, p);
  }
  const children = new Map<string | null, string[]>();
  for (const [id, p0] of parent) {
    const p = p0 !== null && parent.has(p0) && p0 !== id ? p0 : null;
    if (!children.has(p)) children.set(p, []);
    children.get(p)!.push(id);
  }
  // Order siblings by their earliest date (placeholders by their first descendant's).
  const firstDate = new Map<string, number>();
  const earliest = (id: string, seen: Set<string>): number => {
    if (firstDate.has(id)) return firstDate.get(id)!;
    if (seen.has(id)) return Infinity;
    seen.add(id);
    let d = byId.get(id)?.date ?? Infinity;
    for (const c of children.get(id) ?? []) d = Math.min(d, earliest(c, seen));
    firstDate.set(id, d);
    return d;
  };
  const out: TreeNode[] = [];
  const visited = new Set<string>();
  const walk = (id: string, depth: number) => {
    if (visited.has(id)) return; // a cycle in bad References must not hang the page
    visited.add(id);
    const m = byId.get(id) ?? null;
    // Placeholders with a single child add no information; show their children in their place.
    const kids = (children.get(id) ?? []).sort((a, b) => earliest(a, new Set()) - earliest(b, new Set()) || a.localeCompare(b));
    if (m || kids.length > 1) out.push({ messageId: id, depth, message: m });
    for (const c of kids) walk(c, m || kids.length > 1 ? depth + 1 : depth);
  };
  const roots = (children.get(null) ?? []).sort((a, b) => earliest(a, new Set()) - earliest(b, new Set()) || a.localeCompare(b));
  for (const r of roots) walk(r, 0);
  // Anything unreachable (a parent cycle): append at top level so no message is lost.
  for (const m of messages) if (!visited.has(m.messageId)) walk(m.messageId, 0);
  return out;
}
