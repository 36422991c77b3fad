/**
 * A live progress line on stderr: rewritten in place on a terminal, one line every few seconds
 * otherwise (logs, CI).
 */
export function progressLine(minIntervalMsWhenPiped = 5_000): { update(text: string): void; end(): void } {
  const tty = process.stderr.isTTY;
  let lastAt = 0;
  let last = '';
  return {
    update(text) {
      last = text;
      if (tty) process.stderr.write(`\r\x1b[2K${text}`);
      else if (Date.now() - lastAt >= minIntervalMsWhenPiped) {
        lastAt = Date.now();
        process.stderr.write(`${text}\n`);
      }
    },
    end() {
      if (tty) process.stderr.write('\n');
      else if (last) process.stderr.write(`${last}\n`);
    },
  };
}
