import cliProgress from 'cli-progress';

// A progress bar on stderr for work longer than a second; silent when not a TTY or --quiet.
export function progressBar(totalBytes: number, quiet: boolean) {
  if (quiet || !process.stderr.isTTY) return { update: (_b: number, _m: number) => {}, stop: () => {} };
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(bytes: number, messages: number) {
      if (!bar && Date.now() - started < 1000) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({
          stream: process.stderr, hideCursor: true, etaBuffer: 50,
          format: 'importing [{bar}] {percentage}% | {messages} messages | {rate} msg/s | ETA {eta_formatted}',
        }, cliProgress.Presets.shades_classic);
        bar.start(Math.max(totalBytes, 1), 0, { messages: 0, rate: 0 });
      }
      const secs = (Date.now() - started) / 1000;
      bar.update(Math.min(bytes, totalBytes), { messages, rate: Math.round(messages / secs) });
    },
    stop() { bar?.stop(); },
  };
}
