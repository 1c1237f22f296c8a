// `estreamer decode`: server-to-client bytes (raw stream, one message, or a capture JSON) to events.

import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createLogger, RateLimitedLog } from '../log';
import { Framer, type Frame } from '../protocol/framer';
import { decodeError, decodeEventData, decodeMessageBundle, MessageType, messageName } from '../protocol/messages';
import { RecordPipeline } from '../output/pipeline';
import { streamServerMessages } from '../simulator/capture';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputOptions, parse, UsageError } from './options';

export const DECODE_HELP = `Usage: estreamer decode [--format F] [--records LIST] FILE|-

Decodes server-to-client eStreamer messages and prints one event per line on stdout.
FILE is a raw byte stream, a hex dump (one message per line), or a capture JSON
({"frames":[{"direction":"server->client","hex":"..."}]}); - reads stdin.
Every record is printed (unless --records leaves it out): unknown record types with their
type, header and bytes.

${OUTPUT_HELP}
  --log-level L            DEBUG, INFO, WARN or ERROR on stderr (default INFO)`;

export async function decodeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...OUTPUT_OPTIONS, 'log-level': { type: 'string' } }, true);
  if (values.help) {
    process.stdout.write(DECODE_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('decode takes exactly one FILE (or - for stdin)');
  const output = outputOptions(values);
  const log = createLogger({ level: (values['log-level'] as never) ?? undefined });
  // Read and written piece by piece: memory stays bounded whatever the size of the file.
  const input = positionals[0] === '-' ? process.stdin : createReadStream(positionals[0]);
  const pipeline = new RecordPipeline({ ...output, logger: log });
  const out = new LineBatches(process.stdout);
  // A bad message is reported and skipped; the rest of the file is decoded.
  const warnings = new RateLimitedLog(log);
  let bad = 0;
  const skip = (what: string): void => {
    bad++;
    warnings.warn('bad messages', `skipping ${what}`);
  };
  const onFrame = (frame: Frame, inBundle = false): void => {
    try {
      onMessage(frame, inBundle);
    } catch (err) {
      skip(`a bad ${messageName(frame.type)} of ${frame.body.length} bytes: ${(err as Error).message}`);
    }
  };
  const onMessage = (frame: Frame, inBundle: boolean): void => {
    switch (frame.type) {
      case MessageType.MessageBundle: {
        if (inBundle) return skip('a message bundle inside a message bundle');
        const bundle = decodeMessageBundle(frame.body);
        for (const inner of bundle.messages) onFrame(inner, true);
        if (bundle.problem) skip(`the end of ${bundle.problem}`);
        return;
      }
      case MessageType.EventData: {
        const event = pipeline.process(decodeEventData(frame.body));
        if (event) out.add(event.line);
        return;
      }
      case MessageType.Error: {
        const { code, text } = decodeError(frame.body);
        log.error(`FMC error ${code}: ${text}`);
        return;
      }
      default:
        log.debug(`skipping ${messageName(frame.type)}`);
    }
  };
  let framer: Framer | undefined = new Framer();
  for await (const { bytes, wholeMessage } of streamServerMessages(input)) {
    if (!framer && wholeMessage) framer = new Framer();
    if (!framer) continue;
    try {
      framer.push(bytes, (frame) => onFrame(frame));
    } catch (err) {
      // No message boundary can be trusted after a bad header: start afresh with the next message
      // of the file (a raw stream has none: the rest of it is skipped).
      skip(`bytes that are no eStreamer message: ${(err as Error).message}${wholeMessage ? '' : ' (and the rest of the stream)'}`);
      framer = undefined;
    }
    await out.flushIfFull();
  }
  warnings.flush();
  if (framer?.pendingBytes) log.warn(`${framer.pendingBytes} bytes at the end do not make a whole message`);
  await out.flush();
  const s = pipeline.stats();
  log.info(`decoded ${s.decoded} records, printed ${out.lines}, malformed ${s.malformed + bad}, unknown types ${s.unknown}`);
  return 0;
}

/** Lines gathered into writes of about 64 KB; a full pipe makes the reader wait. */
class LineBatches {
  lines = 0;
  private batch = '';

  constructor(private readonly out: NodeJS.WritableStream) {}

  add(line: string): void {
    this.batch += line + '\n';
    this.lines++;
  }

  async flushIfFull(): Promise<void> {
    if (this.batch.length >= 64 * 1024) await this.flush();
  }

  async flush(): Promise<void> {
    const text = this.batch;
    this.batch = '';
    if (text && !this.out.write(text)) await once(this.out, 'drain');
  }
}
