// Subject normalisation for threading orphans: reply and forward prefixes go
// ("Re: Re: [PATCH v2 3/7] foo" -> "[patch v2 3/7] foo"); list tags and patch
// tags stay, so v1 and v2 of a series remain apart.
const REPLY = /^\s*(?:(?:re|aw|sv|fwd?|antw|vs|ref)\s*(?:\[\d{1,4}\]|\(\d{1,4}\))?\s*:\s*)/i;
const LIST_TAG = /^\s*\[(?:lkml|linux-kernel|netdev)\]\s*/i;

export function normalizeSubject(subject: string): string {
  let s = subject.slice(0, 1000);
  for (let i = 0; i < 50; i++) {
    const m = REPLY.exec(s) ?? LIST_TAG.exec(s);
    if (!m || m[0].length === 0) break;
    s = s.slice(m[0].length);
  }
  return s.replace(/\s*\((?:was|Was|WAS)[:\s][^()]{0,300}\)\s*$/, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function isReplySubject(subject: string): boolean {
  return /^\s*(?:\[[^\[\]]{0,100}\]\s*)?(?:re|aw|sv|antw|vs)\s*(?:\[\d{1,4}\])?\s*:/i.test(subject);
}
