// The client session as the session tests build it: records of a type with no table, so the
// session alone is under test, streamed from genesis on 127.0.0.1 with short backoffs.

import type { Credentials } from '../src/client/credentials';
import type { OutputEvent } from '../src/client/events';
import { Session, type SessionOptions } from '../src/client/session';
import { memoryLogger } from '../src/log';
import type { RecordFrame } from '../src/protocol/messages';

/** The record processing under test is the identity: one event per record, named by its body. */
export function byBody(record: RecordFrame): OutputEvent {
  const text = record.body.toString();
  return { line: text, time: record.archiveTimestamp, archiveTimestamp: record.archiveTimestamp, identity: text, recordType: record.recordType };
}

/** A session to 127.0.0.1:`port` from genesis, logging to memory; `extra` overrides any option. */
export function testSession(credentials: Credentials, port: number, extra: Partial<SessionOptions> = {}) {
  const logger = memoryLogger();
  const s = new Session({
    host: '127.0.0.1',
    port,
    credentials,
    start: 'genesis',
    process: byBody,
    logger,
    initialBackoffMs: 20,
    maxBackoffMs: 100,
    ...extra,
  });
  return { s, logger };
}
