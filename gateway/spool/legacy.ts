/**
 * Spool segments written before timestamps went to nanoseconds (`NNN.spool`) hold lines ending in
 * an epoch-ms timestamp. They drain like the rest, as ns: each line's timestamp gets six zeros
 * (the first nanosecond of its millisecond). Runs only on what an upgrade found in the spool.
 */
export function msLinesToNs(data: Buffer): Buffer {
  const text = data.toString('utf8');
  let out = '';
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    if (nl > start) out += `${text.slice(start, nl)}000000\n`;
    start = nl + 1;
  }
  return Buffer.from(out);
}
