// Writes events to splunkd in the modular input's xml streaming mode:
//   <stream>
//   <event stanza="estreamer://<name>" unbroken="1"><time>…</time><sourcetype>cisco:estreamer</sourcetype><data>…</data><done/></event>
//   …
//   </stream>
// It waits for 'drain' whenever the pipe is full, so a slow splunkd slows the reader instead of
// filling memory, and it reports each event once its bytes have been handed to the OS, which is
// when the checkpoint may cover it.

import type { OutputEvent } from '../client/events';

// Characters XML 1.0 does not allow at all: C0 controls other than tab, LF and CR, lone
// surrogates, U+FFFE and U+FFFF. Firewall data (URLs, user agents) can carry any of them.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A quick scan for what might be forbidden (any surrogate): most lines have none. */
const MAYBE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

// Event lines are kilobytes long and go through here one by one: one scan first says whether
// there is anything to do, which there rarely is.
function escapeWith(text: string, special: RegExp, anything: RegExp): string {
  if (!anything.test(text)) return text;
  if (MAYBE_FORBIDDEN.test(text)) text = text.replace(XML_FORBIDDEN, '');
  return text.replace(special, (c) => ENTITY[c]);
}

/** Text safe inside an element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return escapeWith(text, /[&<>"]/g, /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/);
}

/** Text safe inside an element (double quotes stay as they are: kv lines are full of them). */
export function escapeXmlText(text: string): string {
  return escapeWith(text, /[&<>]/g, /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/);
}

/** Epoch seconds with microseconds, the precision of eStreamer event times. */
export function formatEventTime(seconds: number): string {
  return seconds.toFixed(6);
}

/** One `<event>` element, newline-terminated. Events without a time get splunkd's arrival time. */
export function eventXml(stanza: string, sourcetype: string, event: OutputEvent): string {
  const time = event.time > 0 ? `<time>${formatEventTime(event.time)}</time>` : '';
  return (
    `<event stanza="${escapeXml(stanza)}" unbroken="1">${time}` +
    `<sourcetype>${escapeXml(sourcetype)}</sourcetype><data>${escapeXmlText(event.line)}</data><done/></event>\n`
  );
}

export interface StreamWriterOptions {
  /** Full stanza name, `estreamer://<name>`. */
  stanza: string;
  sourcetype: string;
  /** Called, in write order, once an event's bytes have been handed to the OS. */
  onFlushed?: (event: OutputEvent) => void;
}

export class StreamWriter {
  private opened = false;
  private closed = false;
  private failure: Error | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly options: StreamWriterOptions,
  ) {
    // Without a listener an EPIPE (splunkd gone) would crash the process.
    out.on('error', (err: Error) => {
      this.failure ??= err;
    });
  }

  /** The error that broke the output, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Writes one event; resolves when the output can take the next one. */
  async write(event: OutputEvent): Promise<void> {
    if (this.closed) throw new Error('stream writer is closed');
    this.throwIfFailed();
    const accepted = this.out.write(this.openTag() + eventXml(this.options.stanza, this.options.sourcetype, event), (err) => {
      if (!err) this.options.onFlushed?.(event);
    });
    if (!accepted) await this.drained();
  }

  /** Writes `</stream>` and resolves once everything written has been handed to the OS. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const onError = (err: Error) => reject(err);
      this.out.once('error', onError);
      this.out.write(this.openTag() + '</stream>\n', (err) => {
        this.out.off('error', onError);
        if (err) reject(err);
        else resolve();
      });
    });
  }

  private openTag(): string {
    if (this.opened) return '';
    this.opened = true;
    return '<stream>\n';
  }

  private throwIfFailed(): void {
    if (this.failure) throw new Error(`cannot write to splunkd: ${this.failure.message}`);
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (err?: Error) => {
        this.out.off('drain', onDrain);
        this.out.off('error', onError);
        this.out.off('close', onClose);
        if (err) reject(new Error(`cannot write to splunkd: ${err.message}`));
        else resolve();
      };
      const onDrain = () => finish();
      const onError = (err: Error) => finish(err);
      const onClose = () => finish(new Error('output closed'));
      this.out.on('drain', onDrain);
      this.out.on('error', onError);
      this.out.on('close', onClose);
    });
  }
}
