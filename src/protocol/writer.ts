/** Big-endian writer that grows as needed; `message()` wraps the body in the 8-byte header. */
export class Writer {
  private buf: Buffer;
  private at = 0;

  constructor(size = 256) {
    this.buf = Buffer.alloc(size);
  }

  private ensure(n: number): number {
    if (this.at + n > this.buf.length) {
      const next = Buffer.alloc(Math.max(this.buf.length * 2, this.at + n));
      this.buf.copy(next, 0, 0, this.at);
      this.buf = next;
    }
    const at = this.at;
    this.at += n;
    return at;
  }

  get length(): number {
    return this.at;
  }
  u8(v: number): this {
    const at = this.ensure(1);
    this.buf[at] = v & 0xff;
    return this;
  }
  u16(v: number): this {
    const at = this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, at);
    return this;
  }
  u32(v: number): this {
    // Negative int32s (flag words built with bit operators) are their two's complement; a value
    // past 32 bits (a timestamp after 2106, a corrupt bookmark) is an error, never wrapped.
    if (v > 0xffffffff || v < -0x80000000) throw new RangeError(`${v} does not fit a 32-bit field`);
    const at = this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, at);
    return this;
  }
  i32(v: number): this {
    const at = this.ensure(4);
    this.buf.writeInt32BE(v | 0, at);
    return this;
  }
  u64(v: number | bigint): this {
    const at = this.ensure(8);
    this.buf.writeBigUInt64BE(BigInt(v), at);
    return this;
  }
  bytes(b: Uint8Array): this {
    const at = this.ensure(b.length); // may replace this.buf: take the offset first
    this.buf.set(b, at);
    return this;
  }
  /** Overwrites a uint32 already written (lengths known only at the end). */
  patchU32(offset: number, v: number): this {
    this.buf.writeUInt32BE(v >>> 0, offset);
    return this;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at));
  }
  /** Header version 1, `type`, body length, then the body written so far. */
  message(type: number): Buffer {
    const out = Buffer.alloc(8 + this.at);
    out.writeUInt16BE(1, 0);
    out.writeUInt16BE(type, 2);
    out.writeUInt32BE(this.at, 4);
    this.buf.copy(out, 8, 0, this.at);
    return out;
  }
}
