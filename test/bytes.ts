// A tiny byte builder for tests, independent of the project's encoder, so that vectors written
// from the Integration Guide's layouts check the decoder against the guide, not against ourselves.

export class Bytes {
  private parts: Buffer[] = [];

  u8(v: number): this {
    return this.raw(Buffer.of(v & 0xff));
  }
  u16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v);
    return this.raw(b);
  }
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    return this.raw(b);
  }
  i32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return this.raw(b);
  }
  u64(v: bigint | number): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(v));
    return this.raw(b);
  }
  hex(h: string): this {
    return this.raw(Buffer.from(h.replace(/[\s:-]/g, ''), 'hex'));
  }
  zeros(n: number): this {
    return this.raw(Buffer.alloc(n));
  }
  /** 4-byte IPv4. */
  ipv4(dotted: string): this {
    return this.raw(Buffer.from(dotted.split('.').map(Number)));
  }
  /** 16-byte IPv4-mapped IPv6 (::ffff:a.b.c.d), as the FMC sends IPv4 addresses. */
  mapped(dotted: string): this {
    return this.zeros(10).u16(0xffff).ipv4(dotted);
  }
  /** String block: type 0, length including the 8-byte header, UTF-8 bytes. */
  string(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.u32(0).u32(8 + b.length).raw(b);
  }
  /** Any block: type, length including header, then what `body` builds. */
  block(type: number, body: Bytes | Buffer): this {
    const b = body instanceof Bytes ? body.build() : body;
    return this.u32(type).u32(8 + b.length).raw(b);
  }
  raw(b: Uint8Array): this {
    this.parts.push(Buffer.from(b));
    return this;
  }
  get length(): number {
    return this.parts.reduce((n, b) => n + b.length, 0);
  }
  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export const bytes = () => new Bytes();
