// Patches as git format-patch writes them: commit message, Signed-off-by,
// "---", a diffstat that agrees with the hunks, then diff --git hunks. The C in
// the hunks is full of numbers (#define, 0x masks, HZ) that are NOT figures.
import { Rng } from './prng';

interface Hunk {
  file: string;
  func: string;
  lines: string[]; // each starts with ' ', '-' or '+'
}

const HUNKS: Hunk[] = [
  { file: 'net/ipv4/tcp.c', func: 'int tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)', lines: [
    ' \t\tif (copy > size_goal - skb->len)', ' \t\t\tcopy = size_goal - skb->len;', '-\t\tif (copy > 4096)', '-\t\t\tcopy = 4096;',
    '+\t\tif (copy > TCP_COPY_CHUNK)', '+\t\t\tcopy = TCP_COPY_CHUNK;', ' ', ' \t\tif (skb_availroom(skb) > 0) {'] },
  { file: 'include/net/tcp.h', func: 'extern struct proto tcp_prot;', lines: [
    ' #define TCP_MAX_QUICKACKS\t16U', ' ', '+/* Copy at most this much per iteration; 64K keeps the cache warm. */', '+#define TCP_COPY_CHUNK\t\t(64 * 1024)', '+', ' #define TCP_URG_VALID\t0x0100'] },
  { file: 'mm/filemap.c', func: 'static void do_generic_file_read(struct file *filp, loff_t *ppos,', lines: [
    ' \tindex = *ppos >> PAGE_CACHE_SHIFT;', '-\tnr = PAGE_CACHE_SIZE;', '+\tnr = min_t(unsigned long, PAGE_CACHE_SIZE, ra->size << PAGE_CACHE_SHIFT);',
    ' \tfor (;;) {', ' \t\tstruct page *page;', '-\t\tcond_resched();', '+\t\tif (need_resched())', '+\t\t\tcond_resched();'] },
  { file: 'mm/readahead.c', func: 'unsigned long max_sane_readahead(unsigned long nr)', lines: [
    '-#define VM_MAX_READAHEAD\t128\t/* kbytes */', '+#define VM_MAX_READAHEAD\t512\t/* kbytes */', ' #define VM_MIN_READAHEAD\t16\t/* kbytes (includes current page) */'] },
  { file: 'drivers/block/ll_rw_blk.c', func: 'static int __make_request(request_queue_t *q, struct bio *bio)', lines: [
    ' \tspin_lock_irq(q->queue_lock);', '-\tif (elv_queue_empty(q))', '+\tif (elv_queue_empty(q) && !q->nr_sorted)', ' \t\tblk_plug_device(q);',
    '-\tq->unplug_delay = (3 * HZ) / 1000;', '+\tq->unplug_delay = msecs_to_jiffies(3);', ' \tif (q->unplug_delay == 0)', ' \t\tq->unplug_delay = 1;'] },
  { file: 'kernel/sched.c', func: 'static void load_balance(runqueue_t *this_rq, int idle, cpumask_t cpumask)', lines: [
    ' \tif (!busiest)', ' \t\tgoto out;', '-\timbalance = (max_load - this_load) / 2;', '+\timbalance = (max_load - this_load + 1) / 2;',
    ' \tif (imbalance < SCHED_LOAD_SCALE / 4)', ' \t\tgoto out;'] },
  { file: 'kernel/sched.c', func: 'asmlinkage long sys_sched_yield(void)', lines: [
    ' \tprio_array_t *array = current->array;', '+\tif (rt_task(current))', '+\t\tgoto out_unlock;', ' \tif (unlikely(rt_task(current))) {', ' \t\tlist_del(&current->run_list);'] },
  { file: 'arch/x86/lib/memcpy_64.S', func: 'ENTRY(memcpy)', lines: [
    ' \tmovq %rdi, %rax', '-\tcmpq $0x20, %rdx', '-\tjb .Lhandle_tail', '+\tcmpq $0x100, %rdx', '+\tjae .Lrep_movsq', ' \t/*', ' \t * We check whether memory false dependence could occur,'] },
  { file: 'arch/x86/include/asm/cpufeature.h', func: '#define X86_FEATURE_ERMS', lines: [
    ' #define X86_FEATURE_ERMS\t(9*32+ 9) /* Enhanced REP MOVSB/STOSB */', '+#define X86_FEATURE_FSRM\t(18*32+ 4) /* Fast Short REP MOV */'] },
  { file: 'drivers/net/e1000/e1000_main.c', func: 'static int e1000_clean(struct napi_struct *napi, int budget)', lines: [
    '-#define E1000_DEFAULT_ITR\t8000', '+#define E1000_DEFAULT_ITR\t20000', ' ', ' \tadapter->clean_rx(adapter, adapter->rx_ring, &work_done, budget);',
    '-\tif (work_done < budget) {', '+\tif (work_done < budget && !test_bit(__E1000_DOWN, &adapter->flags)) {'] },
  { file: 'block/blk-mq.c', func: 'static void blk_mq_dispatch_wake(struct sbq_wait *wait)', lines: [
    '-\tif (nr_budgets > 32)', '+\tif (nr_budgets > BLK_MQ_MAX_DISPATCH_ORDER)', ' \t\tnr_budgets = 32;', ' \tblk_mq_run_hw_queue(hctx, true);'] },
  { file: 'fs/ext3/namei.c', func: 'static struct buffer_head * ext3_find_entry (struct dentry *dentry,', lines: [
    ' \tif (is_dx(dir)) {', '+\t\t/* htree lookups: one block read instead of a linear scan */', ' \t\tbh = ext3_dx_find_entry(dentry, res_dir, &err);', '-\t\tif (bh || (err != ERR_BAD_DX_DIR))', '+\t\tif (bh || err != ERR_BAD_DX_DIR)'] },
];

export function hunksFor(prefix: string[]): Hunk[] {
  return HUNKS.filter((h) => prefix.some((p) => h.file.startsWith(p)));
}

export interface PatchText {
  diffstat: string;
  diff: string;
}

/** Render hunks (grouped by file) with line numbers, plus the matching diffstat. */
export function renderPatch(r: Rng, hunks: Hunk[]): PatchText {
  const files = [...new Set(hunks.map((h) => h.file))];
  const stat: Array<[string, number, number]> = [];
  const diff: string[] = [];
  for (const file of files) {
    diff.push(`diff --git a/${file} b/${file}`, `index ${r.hex(7)}..${r.hex(7)} 100644`, `--- a/${file}`, `+++ b/${file}`);
    let ins = 0, del = 0, line = r.int(40, 300);
    for (const h of hunks.filter((x) => x.file === file)) {
      const oldN = h.lines.filter((l) => l[0] !== '+').length;
      const newN = h.lines.filter((l) => l[0] !== '-').length;
      // git leaves out a count of 1: "@@ -216 +216,2 @@"
      const range = (start: number, n: number) => (n === 1 ? `${start}` : `${start},${n}`);
      diff.push(`@@ -${range(line, oldN)} +${range(line + ins - del, newN)} @@ ${h.func}`, ...h.lines);
      ins += newN - h.lines.filter((l) => l[0] === ' ').length;
      del += oldN - h.lines.filter((l) => l[0] === ' ').length;
      line += oldN + r.int(30, 400);
    }
    stat.push([file, ins, del]);
  }
  const width = Math.max(...stat.map((s) => s[0].length));
  const lines = stat.map(([f, i, d]) => ` ${f.padEnd(width)} | ${String(i + d).padStart(3)} ${'+'.repeat(i)}${'-'.repeat(d)}`);
  const ti = stat.reduce((a, s) => a + s[1], 0), td = stat.reduce((a, s) => a + s[2], 0);
  // git prints only the non-zero parts: " 1 file changed, 1 insertion(+)"
  const summary = [`${files.length} file${files.length > 1 ? 's' : ''} changed`];
  if (ti) summary.push(`${ti} insertion${ti === 1 ? '' : 's'}(+)`);
  if (td) summary.push(`${td} deletion${td === 1 ? '' : 's'}(-)`);
  lines.push(` ${summary.join(', ')}`);
  return { diffstat: lines.join('\n'), diff: diff.join('\n') };
}

/** A whole patch mail body: description, sign-off, diffstat, diff, git version trailer. */
export function patchBody(r: Rng, description: string, author: { name: string; addr: string }, hunks: Hunk[], acks: string[] = [], git = '1.5.4.3'): string {
  const p = renderPatch(r, hunks);
  return [...(description ? [description, ''] : []), ...acks, `Signed-off-by: ${author.name} <${author.addr}>`, '---', p.diffstat, '', p.diff, '-- ', git].join('\n');
}
