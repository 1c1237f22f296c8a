import { ProtocolError } from './errors';

/**
 * Big-endian cursor over one message body. Every read is checked against `end`, so a lying length
 * field can never make a decoder read outside its message.
 */
export class Reader {
  constructor(
    readonly buf: Buffer,
    public offset = 0,
    readonly end = buf.length,
  ) {}

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    const at = this.offset;
    if (at + n > this.end) {
      throw new ProtocolError(`truncated: need ${n} bytes at offset ${at}, only ${this.end - at} left`);
    }
    this.offset = at + n;
    return at;
  }

  u8(): number {
    return this.buf[this.need(1)];
  }
  u16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  u32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }
  i32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  bytes(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }
  /** UTF-8 text of `n` bytes with NUL bytes removed (the FMC pads and terminates with them). */
  text(n: number): string {
    const at = this.need(n);
    return utf8NoNul(this.buf, at, at + n);
  }
}

export function utf8NoNul(buf: Buffer, start: number, end: number): string {
  while (end > start && buf[end - 1] === 0) end--;
  if (end === start) return '';
  // Short ASCII (most names, hosts, agents) is cheaper built here than through the UTF-8 decoder.
  if (end - start <= 64) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      const c = buf[i];
      if (c === 0 || c > 127) {
        ascii = false;
        break;
      }
    }
    if (ascii) return buf.toString('latin1', start, end);
  }
  const s = buf.toString('utf8', start, end);
  return s.indexOf('\0') === -1 ? s : s.replace(/\0/g, '');
}
