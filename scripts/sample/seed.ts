// The seed thread, rebuilt as mail: Richard B. Johnson's message (its quoted
// part as Pekka quotes it, the rest written for the sample) and Pekka
// Pietikainen's reply, whose body is the text of the seed page
// (../shared/seed/lkml-2001-05-07-zero-copy.txt) unchanged. Headers, the
// Message-ID of Richard's message and the Received lines are invented.
import { Person } from './people';
import { Message, renderMessage } from './mail';
import { LIST_FOOTERS } from './prose';
import { mboxEntry } from './mime';

const RICHARD: Person = { name: 'Richard B. Johnson', addr: 'root@chaos.analogic.com', mailer: 'pine',
  winter: { minutes: -300, name: 'EST' }, summer: { minutes: -240, name: 'EDT' } };
const PEKKA: Person = { name: 'Pekka Pietikainen', addr: 'pp@netppl.fi', mailer: 'mutt',
  winter: { minutes: 120, name: 'EET' }, summer: { minutes: 180, name: 'EEST' } };

export const SEED_ROOT_ID = 'Pine.LNX.3.95.1010507120822.1234A-100000@chaos.analogic.com';
export const SEED_REPLY_ID = '20010507213048.A17014@netppl.fi';
export const SEED_SUBJECT = '[Question] Explanation of zero-copy networking';

const RICHARD_BODY = `Zero-copy networking, whatever the implementation, mostly saves
memory bandwidth on the host. It does not make the wire any faster.
If you want to see where the time actually goes on your machines,
you can perform network speed tests using "lo", removing the network
board from the speed test. You will note that the network speed, due
to software, is over 10 times faster, 30 times on some machines) than
when the hardware I/O is used. This shows that the network code, alone,
cannot be improved very much to provide an improvement in throughput.

The way to more throughput is in the hardware: bus-mastering boards
with big on-board buffers and fewer interrupts per packet. Copying the
data from user space into the kernel is cheap compared with waiting
for the board.

Cheers,
Dick Johnson

Penguin : Linux version 2.4.1 on an i686 machine (799.53 BogoMips).`;

/**
 * Pekka's text as the seed page shows it, with the one thing the page dropped put back:
 * the remote host's address (the original mail, as the gold labels have it), so the
 * wire figure reads as measured over the wire.
 */
export const PEKKA_BODY = `On Mon, May 07, 2001 at 12:12:57PM -0400, Richard B. Johnson wrote:
> you can perform network speed tests using "lo", removing the network
> board from the speed test. You will note that the network speed, due
> to software, is over 10 times faster, 30 times on some machines) than
> when the hardware I/O is used. This shows that the network code, alone,
> cannot be improved very much to provide an improvement in throughput.
I'd say more like a factor of 2.

Socket bandwidth using localhost: 141.63 MB/sec
Socket bandwidth using 192.168.9.3: 74.79 MB/sec

(with the boxes being able to do ~= 100MB/s when the receiver CPU/mem
bandwidth isn't limiting things). So I have slow pIII/500 class machines
with fast networking. You could rerun the test with your favourite
multi-gigabit network and latest 1.7GHz PC and still have a similar
ratio. Being on the bleeding edge isn't easy, and waiting for a few years
for faster hardware isn't a solution for everyone ;)

Zero-copy mostly helps against CPU use (where it'll make your heavily
loaded server be able to serve a lot more connections), not so much against
bandwidth. The receiver will still run into problems with the copy it has to
do unless you do some very evil tricks like header-splitting+MMU tricks or
run protocols designed to be accelerated in hardware.

Not that zero-copy isn't problem-free. If your bus starts corrupting random
bits there's no way of really noticing it since the NIC happily
creates a correct TCP checksum based on the corrupt data.
It's not like hardware engineers can be expected to design hardware
that works according to spec :)

Then there's the interrupt problem, which someone will have to solve
before they start shipping 10gigE NICs that use 1500-byte frames, 850000
interrupts/s without mitigation. Wheeee!!!!

Pekka Pietikainen`;

function base(who: Person, epoch: number): Omit<Message, 'id' | 'subject' | 'body' | 'quotable' | 'dateStyle' | 'received'> {
  return { author: who, mailer: who.mailer, epoch, list: 'lkml', to: [], cc: [], inReplyTo: null, inReplyToSuffix: '', references: [],
    charset: 'us-ascii', transfer: '7bit', flowed: false, attachment: null, boundary: '', omit: false, parent: null };
}

/** The two messages of the seed thread as one mboxrd file. */
export function seedMbox(): Buffer {
  const richardEpoch = Date.UTC(2001, 4, 7, 16, 12, 57) / 1000;
  const pekkaEpoch = Date.UTC(2001, 4, 7, 18, 30, 48) / 1000;
  const richard: Message = { ...base(RICHARD, richardEpoch), id: SEED_ROOT_ID, subject: SEED_SUBJECT, dateStyle: 'padded',
    to: ['linux-kernel@vger.kernel.org'], body: `${RICHARD_BODY}\n\n${LIST_FOOTERS.lkml}\n`, quotable: RICHARD_BODY,
    received: 'Received: from chaos.analogic.com ([198.51.100.24]:13184 "EHLO chaos.analogic.com")\n\tby vger.kernel.org with ESMTP id S135906AbREGQMx;\n\tMon, 7 May 2001 12:13:16 -0400' };
  const pekka: Message = { ...base(PEKKA, pekkaEpoch), id: SEED_REPLY_ID, subject: `Re: ${SEED_SUBJECT}`, dateStyle: 'mutt',
    to: ['"Richard B. Johnson" <root@chaos.analogic.com>'], cc: ['linux-kernel@vger.kernel.org'],
    inReplyTo: SEED_ROOT_ID, references: [SEED_ROOT_ID], body: `${PEKKA_BODY}\n${LIST_FOOTERS.lkml}\n`, quotable: PEKKA_BODY, parent: null,
    received: 'Received: from netppl.fi ([203.0.113.7]:41216 "EHLO evil.netppl.fi")\n\tby vger.kernel.org with ESMTP id S136012AbREGSaq;\n\tMon, 7 May 2001 14:31:05 -0400' };
  // Richard's Date is written "Mon, 07 May 2001 12:12:57 -0400" (padded day, no zone comment).
  return Buffer.concat([mboxEntry(RICHARD.addr, richardEpoch, renderMessage(richard)), mboxEntry(PEKKA.addr, pekkaEpoch, renderMessage(pekka))]);
}
