// `estreamer decode`: server-to-client bytes (raw stream, one message, or a capture JSON) to events.

import { readFileSync } from 'node:fs';
import { createLogger, RateLimitedLog } from '../log';
import { Framer, type Frame } from '../protocol/framer';
import { decodeError, decodeEventData, decodeMessageBundle, MessageType, messageName } from '../protocol/messages';
import { RecordPipeline } from '../output/pipeline';
import { serverMessages } from '../simulator/capture';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputOptions, parse, UsageError } from './options';
import { writeLines } from './output';

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
  const input = positionals[0] === '-' ? readFileSync(0) : readFileSync(positionals[0]);
  const pipeline = new RecordPipeline({ ...output, logger: log });
  const lines: string[] = [];
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
        if (event) lines.push(event.line);
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
  let framer = new Framer();
  for (const message of serverMessages(input)) {
    try {
      framer.push(message, (frame) => onFrame(frame));
    } catch (err) {
      // No message boundary can be trusted after a bad header: start afresh with the next message of the file.
      skip(`bytes that are no eStreamer message: ${(err as Error).message}`);
      framer = new Framer();
    }
  }
  warnings.flush();
  if (framer.pendingBytes) log.warn(`${framer.pendingBytes} bytes at the end do not make a whole message`);
  await writeLines(process.stdout, lines);
  const s = pipeline.stats();
  log.info(`decoded ${s.decoded} records, printed ${lines.length}, malformed ${s.malformed + bad}, unknown types ${s.unknown}`);
  return 0;
}
