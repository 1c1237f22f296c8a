// Writes events to splunkd in the modular input's xml streaming mode:
//   <stream>
//   <event stanza="estreamer://<name>" unbroken="1"><time>…</time><host>fmc1</host><sourcetype>cisco:estreamer</sourcetype><data>…</data><done/></event>
//   …
//   </stream>
// Events go out in batches, many to a writev. It waits for 'drain' whenever the pipe is full, so
// a slow splunkd slows the reader instead of filling memory, and it reports each event once its
// bytes have been handed to the OS, which is when the checkpoint may cover it.

import type { Writable } from 'node:stream';
import type { OutputEvent } from '../client/events';

// Characters XML 1.0 does not allow at all: C0 controls other than tab, LF and CR, lone
// surrogates, U+FFFE and U+FFFF. Firewall data (URLs, user agents) can carry any of them.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

// Event lines are kilobytes long and go through here one by one: quick scans first say whether
// there is anything to do, which there rarely is. (includes is far faster than a character class
// here, and a string of Latin-1 text is known not to hold a surrogate without a scan.)
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const HIGH = /[\uD800-\uDFFF\uFFFE\uFFFF]/;
function escapeWith(text: string, special: RegExp, specials: readonly string[], forbiddenFree = false): string {
  if (!forbiddenFree && (CONTROL.test(text) || HIGH.test(text))) text = text.replace(XML_FORBIDDEN, '');
  for (const c of specials) if (text.includes(c)) return text.replace(special, (m) => ENTITY[m]);
  return text;
}

/** Text safe inside an element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return escapeWith(text, /[&<>"]/g, ['&', '<', '>', '"']);
}

/**
 * Text safe inside an element (double quotes stay as they are: kv lines are full of them).
 * `forbiddenFree`: the text is known to hold no character XML forbids (OutputEvent.xmlSafe).
 */
export function escapeXmlText(text: string, forbiddenFree = false): string {
  return escapeWith(text, /[&<>]/g, ['&', '<', '>'], forbiddenFree);
}

/** Epoch seconds with microseconds, the precision of eStreamer event times. */
export function formatEventTime(seconds: number): string {
  return seconds.toFixed(6);
}

/** What every event of a stanza shares, escaped once: the tags around the time and the line. */
interface EventTags {
  open: string;
  sourcetype: string;
}

function eventTags(stanza: string, sourcetype: string, host?: string): EventTags {
  const hostTag = host === undefined ? '' : `<host>${escapeXml(host)}</host>`;
  return { open: `<event stanza="${escapeXml(stanza)}" unbroken="1">`, sourcetype: `${hostTag}<sourcetype>${escapeXml(sourcetype)}</sourcetype><data>` };
}

function eventElement(tags: EventTags, event: OutputEvent): string {
  const time = event.time > 0 ? `<time>${formatEventTime(event.time)}</time>` : '';
  return `${tags.open}${time}${tags.sourcetype}${escapeXmlText(event.line, event.xmlSafe === true)}</data><done/></event>\n`;
}

/** One `<event>` element, newline-terminated. Events without a time get splunkd's arrival time. */
export function eventXml(stanza: string, sourcetype: string, event: OutputEvent, host?: string): string {
  return eventElement(eventTags(stanza, sourcetype, host), event);
}

/** How much XML (in UTF-16 units) is gathered into one writev. */
const BATCH_CHARS = 64 * 1024;

export interface StreamWriterOptions {
  /** Full stanza name, `estreamer://<name>`. */
  stanza: string;
  sourcetype: string;
  /** The events' host field (else splunkd's default, the input's `host`). */
  host?: string;
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
    this.tags = eventTags(options.stanza, options.sourcetype, options.host);
    // Without a listener an EPIPE (splunkd gone) would crash the process.
    out.on('error', (err: Error) => {
      this.failure ??= err;
    });
  }

  /** The error that broke the output, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /**
   * Queues one event; resolves when it is queued. Events go out in batches (see BATCH_CHARS): a
   * full batch at once, the rest on the next turn of the event loop. A batch is written string
   * by string into the corked output, which hands them to the OS in one writev: joining them
   * into one string first would cost a copy of every byte (and a flattening) per batch. The
   * first event of a batch waits while the output is still full from the last one.
   */
  async write(event: OutputEvent): Promise<void> {
    if (this.closed) throw new Error('stream writer is closed');
    this.throwIfFailed();
    if (this.held === undefined) {
      if ((this.out as Writable).writableNeedDrain) await this.drained();
      if (this.closed) throw new Error('stream writer is closed');
      (this.out as Writable).cork();
      this.held = this.openTag();
    }
    // One element is held back, so that the batch's last write can carry the flush callback.
    if (this.held) this.out.write(this.held);
    this.held = eventElement(this.tags, event);
    this.batchChars += this.held.length;
    this.batchEvents.push(event);
    if (this.batchChars >= BATCH_CHARS) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.scheduledFlush);
    }
  }

  /** Writes what is queued; its events are reported flushed once the bytes reach the OS. */
  private flush(): void {
    const held = this.held;
    if (held === undefined) return;
    const events = this.batchEvents;
    this.held = undefined;
    this.batchChars = 0;
    this.batchEvents = [];
    // A broken output takes nothing more (its events are never reported flushed).
    if (!this.failure) {
      this.out.write(held, (err) => {
        if (err) return;
        const onFlushed = this.options.onFlushed;
        if (onFlushed) for (const event of events) onFlushed(event);
      });
    }
    (this.out as Writable).uncork();
  }
  private readonly scheduledFlush = () => {
    this.flushScheduled = false;
    this.flush();
  };
  private readonly tags: EventTags;
  /** The batch's last element, not yet written (undefined: no batch open, output not corked). */
  private held: string | undefined;
  private batchChars = 0;
  private batchEvents: OutputEvent[] = [];
  private flushScheduled = false;

  /** Writes `</stream>` and resolves once everything written has been handed to the OS. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.flush();
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
