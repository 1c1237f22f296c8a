import { ProtocolError } from './errors';

/** One eStreamer message as framed on the wire: the 8-byte header split out, the body as a view. */
export interface Frame {
  version: number;
  type: number;
  body: Buffer;
}

export const HEADER_SIZE = 8;
/** Larger than any bundle an FMC sends; protects against allocating gigabytes for a corrupt length. */
export const MAX_MESSAGE_LENGTH = 64 * 1024 * 1024;

/**
 * Incremental framer for bytes arriving in arbitrary TCP chunks.
 *
 * A message that lies inside one chunk is handed out as a view of that chunk (no copy; a copy if
 * the chunks are transient). A message split across chunks is assembled into one buffer of
 * exactly its size, allocated once its header is known, so each byte is copied at most once and
 * nothing is re-concatenated per chunk. Bodies are never overwritten afterwards: consumers may
 * keep them.
 */
export class Framer {
  /** `transientChunks`: each chunk's buffer is reused once push returns, so every frame is copied. */
  constructor(private readonly transientChunks = false) {}

  private readonly header = Buffer.alloc(HEADER_SIZE);
  private headerHave = 0;
  private body: Buffer | null = null;
  private bodyHave = 0;
  private version = 0;
  private type = 0;

  /** Bytes received but not yet handed out as a frame. */
  get pendingBytes(): number {
    return this.headerHave + this.bodyHave;
  }

  push(chunk: Buffer, onFrame: (frame: Frame) => void): void {
    let p = 0;
    const n = chunk.length;
    while (p < n) {
      if (this.body) {
        const take = Math.min(this.body.length - this.bodyHave, n - p);
        chunk.copy(this.body, this.bodyHave, p, p + take);
        this.bodyHave += take;
        p += take;
        if (this.bodyHave === this.body.length) {
          const body = this.body;
          this.body = null;
          this.bodyHave = 0;
          onFrame({ version: this.version, type: this.type, body });
        }
        continue;
      }
      let length: number;
      if (this.headerHave === 0 && n - p >= HEADER_SIZE) {
        length = this.readHeader(chunk, p);
        p += HEADER_SIZE;
      } else {
        const take = Math.min(HEADER_SIZE - this.headerHave, n - p);
        chunk.copy(this.header, this.headerHave, p, p + take);
        this.headerHave += take;
        p += take;
        if (this.headerHave < HEADER_SIZE) return;
        this.headerHave = 0;
        length = this.readHeader(this.header, 0);
      }
      if (n - p >= length) {
        const body = this.transientChunks ? Buffer.from(chunk.subarray(p, p + length)) : chunk.subarray(p, p + length);
        onFrame({ version: this.version, type: this.type, body });
        p += length;
      } else {
        this.body = Buffer.allocUnsafe(length);
        this.bodyHave = 0;
        // Loop copies what this chunk has of the body.
      }
    }
  }

  private readHeader(buf: Buffer, at: number): number {
    this.version = buf.readUInt16BE(at);
    this.type = buf.readUInt16BE(at + 2);
    const length = buf.readUInt32BE(at + 4);
    if (this.version !== 1) {
      throw new ProtocolError(
        `message header version ${this.version} (type ${this.type}, length ${length}); eStreamer only uses version 1. ` +
          'FMC 6.1.0.3 to 6.2 send such headers because of Cisco bug CSCve44987: upgrade the FMC or apply its fix.',
      );
    }
    if (length > MAX_MESSAGE_LENGTH) {
      throw new ProtocolError(`message type ${this.type} claims ${length} bytes, more than the ${MAX_MESSAGE_LENGTH} any FMC sends`);
    }
    return length;
  }
}
